import { ApplicationFailure } from '@temporalio/common'
import { describe, expect, test } from 'vitest'
import { loadPolicyFile } from '../policies/policy-file.js'
import type { MoveRoute } from '../policies/route.js'
import type { AuthorizedMove } from './approval-verification.js'
import { createActivities } from './index.js'

const policyPath = 'test/fixtures/policy-approvals.yaml'
const { sha256 } = await loadPolicyFile(policyPath)

/** A USDC move Ethereum -> Base over CCTP, above the policy's auto-approve limit (10,000,000 USD). */
const route: MoveRoute = {
  amountUsd: '20000000',
  from: { kind: 'idle', chain: 'ethereum' },
  to: { kind: 'idle', chain: 'base' },
  source: { chain: 'ethereum', asset: 'USDC', amount: '20000000000000' },
  destination: { chain: 'base', asset: 'USDC', amount: '20000000000000' },
  bridge: { fromChain: 'ethereum', toChain: 'base', asset: 'USDC', amount: '20000000000000', via: 'cctp' },
}
const move: AuthorizedMove = {
  planId: 'plan-c',
  index: 0,
  from: 'idle:ethereum',
  to: 'idle:base',
  amount: '20000000',
}
const burn = {
  sourceDomain: 0,
  destinationDomain: 6,
  nonce: '7',
  amount: '20000000000000',
  message: '0x00' as const,
  messageHash: `0x${'11'.repeat(32)}` as const,
}

/** The worker's activities over a network that records every use: a refused step never reaches a chain. */
function activities() {
  const touched: string[] = []
  const acts = createActivities({
    network: () => {
      touched.push('network')
      throw new Error('the network was used: the step went on to build or sign a transaction')
    },
  })
  return { acts, touched }
}

async function refusal(run: () => Promise<unknown>): Promise<ApplicationFailure> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ApplicationFailure)
  return error as ApplicationFailure
}

describe('CCTP steps behind the step guard', () => {
  const unauthorized: Array<[string, AuthorizedMove | undefined, RegExp]> = [
    ['no move', undefined, /carries no move authorization/],
    ['no authorization', move, /carries no authorization/],
    [
      'auto above the limit',
      {
        ...move,
        authorization: {
          policyPath,
          policySha256: sha256,
          planHash: '00'.repeat(32),
          approval: { kind: 'auto' },
        },
      },
      /above the auto-approve limit of approvals-test/,
    ],
  ]

  for (const [name, input, message] of unauthorized) {
    test(`error: burnViaCctp with ${name} is refused (final) before anything is read or signed`, async () => {
      const { acts, touched } = activities()
      const failure = await refusal(() =>
        acts.burnViaCctp({ moveKey: 'plan-c/move-0', route, ...(input ? { move: input } : {}) }),
      )
      expect([failure.type, failure.nonRetryable]).toEqual(['UnauthorizedMoveError', true])
      expect(failure.message).toMatch(message)
      expect(touched).toEqual([])
    })

    test(`error: receiveCctpMessage with ${name} is refused (final) before anything is read or signed`, async () => {
      const { acts, touched } = activities()
      const failure = await refusal(() =>
        acts.receiveCctpMessage({
          moveKey: 'plan-c/move-0',
          route,
          burn,
          attestation: '0x00',
          ...(input ? { move: input } : {}),
        }),
      )
      expect([failure.type, failure.nonRetryable]).toEqual(['UnauthorizedMoveError', true])
      expect(failure.message).toMatch(message)
      expect(touched).toEqual([])
    })
  }

  test('error: a burn step of another move than the one it carries is refused', async () => {
    const { acts, touched } = activities()
    const small = { ...move, amount: '100' }
    const failure = await refusal(() => acts.burnViaCctp({ moveKey: 'plan-c/move-1', route, move: small }))
    expect(failure.type).toBe('UnauthorizedMoveError')
    expect(failure.message).toMatch(/is not part of move 0 of plan plan-c/)
    expect(touched).toEqual([])
  })
})
