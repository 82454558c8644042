import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Address, encodeFunctionData, erc20Abi } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getPublicClient } from '../clients.js'
import { readErc20Balance } from './erc20.js'
import { journalPaths, readJournal } from './journal.js'
import type { SubmitTransactionInput, SubmittedTransaction } from './submit.js'
import {
  anvilAccount,
  anvilKeys,
  deployMintableErc20,
  type RunningAnvil,
  startAnvil,
} from './testing/anvil.js'
import { runSubmitChild } from './testing/run-child.js'

const childScript = fileURLToPath(new URL('./testing/submit-child.ts', import.meta.url))
const signer = anvilAccount(2)
const recipient = anvilAccount(3).address
let anvil: RunningAnvil
let token: Address

beforeAll(async () => {
  anvil = await startAnvil({ name: 'chaostest' })
  token = await deployMintableErc20(anvil.endpoint, anvilAccount(1), [signer.address])
})

afterAll(async () => {
  await anvil?.stop()
})

const runChild = (input: SubmitTransactionInput, env: Record<string, string>) =>
  runSubmitChild(childScript, input, { SLL_SIGNER_KEY: anvilKeys[2] as string, ...env })

const balanceOf = async (owner: Address) =>
  BigInt(await readErc20Balance({ chain: anvil.endpoint, token, owner }))
const minedNonce = () => getPublicClient(anvil.endpoint).getTransactionCount({ address: signer.address })

for (const point of ['after-sign', 'after-broadcast'] as const) {
  test(`behavior: a worker SIGKILLed ${point} is resumed by the next process with exactly one transfer`, async () => {
    const dir = mkdtempSync(join(tmpdir(), `sll-chaos-${point}-`))
    const env = { SLL_TX_JOURNAL_DIR: dir, SLL_CHAOS_CRASH_AT: point }
    const input: SubmitTransactionInput = {
      chain: anvil.endpoint,
      idempotencyKey: `chaos-wf/${point}`,
      to: token,
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [recipient, 1_000n] }),
    }
    const paths = journalPaths(dir, 'chaostest', signer.address)
    const before = await balanceOf(recipient)
    const nonceBefore = await minedNonce()

    const crashed = await runChild(input, env)
    expect(crashed.signal).toBe('SIGKILL')
    const journal = readJournal(paths.journal)
    expect(journal).toHaveLength(1)
    expect(readFileSync(paths.lock, 'utf8').trim()).toBe(String(crashed.pid))
    const movedAfterCrash = (await balanceOf(recipient)) - before
    expect(movedAfterCrash).toBe(point === 'after-sign' ? 0n : 1_000n)

    const resumed = await runChild(input, env)
    expect(resumed.stderr).toBe('')
    expect(resumed.code).toBe(0)
    const result = JSON.parse(resumed.stdout) as SubmittedTransaction
    expect(result.hash).toBe(journal[0]?.hash)
    expect(readJournal(paths.journal)).toHaveLength(1)
    expect(await balanceOf(recipient)).toBe(before + 1_000n)
    expect(await minedNonce()).toBe(nonceBefore + 1)
    expect(existsSync(paths.lock)).toBe(false)
  })
}
