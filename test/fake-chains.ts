import { ApplicationFailure } from '@temporalio/common'
import type { ChainName } from '../chains/names.js'
import { moveEndChain } from '../policies/move-end.js'
import type { Plan } from '../policies/plan.js'
import type { MoveRoute } from '../policies/route.js'
import type { SnapshotMarket } from '../policies/snapshot.js'

const fixed = (rate: number) => ({ kind: 'fixed' as const, rate })

/**
 * Chain reads for workflow tests that do not need the devnet: ethereum moves 5M from savings (3%) to a 5%
 * market (auto-approved), base moves 50M from savings (3%) to a 5.5% market (needs approval above 10M).
 */
export const fakeMarkets: Record<ChainName, SnapshotMarket[]> = {
  ethereum: [
    market('ethereum/savings/sUSDS', 'ethereum', 'savings', 'sUSDS', '5000000', 0.03),
    market('ethereum/sparklend/USDS', 'ethereum', 'sparklend', 'USDS', '0', 0.05),
  ],
  base: [
    market('base/savings/sUSDS', 'base', 'savings', 'sUSDS', '50000000', 0.03),
    market('base/aave/USDC', 'base', 'aave', 'USDC', '0', 0.055),
  ],
  arbitrum: [],
  optimism: [],
  unichain: [],
  avalanche: [],
}

function market(
  id: string,
  chain: ChainName,
  protocol: SnapshotMarket['protocol'],
  asset: SnapshotMarket['asset'],
  position: string,
  rate: number,
): SnapshotMarket {
  return {
    id,
    chain,
    protocol,
    asset,
    totalSupply: String(Number(position) + 1_000_000_000),
    totalBorrow: '0',
    position,
    supplyCap: null,
    rateModel: fixed(rate),
  }
}

/** A fake `readChainMarkets` activity over {@link fakeMarkets}. */
export async function fakeReadChainMarkets(input: { chain: ChainName }) {
  return { chain: input.chain, markets: fakeMarkets[input.chain], idle: '0' }
}

/** Move steps that record what they were asked to do instead of sending transactions. */
export function recordingSteps() {
  const calls: string[] = []
  const route = (input: { from: string; to: string; amountUsd: string }): MoveRoute => ({
    amountUsd: input.amountUsd,
    from: { kind: 'idle', chain: 'ethereum' },
    to: { kind: 'idle', chain: 'ethereum' },
    source: { chain: 'ethereum', asset: 'USDS', amount: input.amountUsd },
    destination: { chain: 'ethereum', asset: 'USDS', amount: input.amountUsd },
  })
  const overrides = {
    readChainMarkets: fakeReadChainMarkets,
    readControlState: async () => ({ paused: false }),
    prepareMove: async (input: { from: string; to: string; amountUsd: string }) => {
      calls.push(`prepare ${input.from} -> ${input.to} ${input.amountUsd}`)
      return route(input)
    },
    withdrawFromMarket: async ({ moveKey }: { moveKey: string }) => {
      calls.push(`withdraw ${moveKey}`)
      return { txHashes: [`0xw-${moveKey}`] }
    },
    convertViaPsm: async () => ({ txHashes: [] }),
    depositToMarket: async ({ moveKey }: { moveKey: string }) => {
      calls.push(`deposit ${moveKey}`)
      return { txHashes: [`0xd-${moveKey}`] }
    },
  }
  return { calls, overrides }
}

/**
 * A fixed plan for workflow tests (a `planAllocation` override): the given moves, everything else empty.
 */
export function fakePlan(
  moves: Array<{ from: string; to: string; amount: string; needsApproval?: boolean }>,
  policy = { name: 'fake', sha256: 'f'.repeat(64) },
): Plan {
  return {
    version: 1,
    policy,
    takenAt: '2026-01-01T00:00:00.000Z',
    targets: [],
    idle: [],
    moves: moves.map((m) => ({
      from: m.from,
      to: m.to,
      amount: m.amount,
      bridge: moveEndChain(m.from) === moveEndChain(m.to) ? 'none' : 'layerzero',
      needsApproval: m.needsApproval ?? false,
      netBenefitUsd: '1.00',
      costUsd: '0.10',
    })),
    summary: {
      managedUsd: '0',
      currentApr: 0,
      plannedApr: 0,
      optimalApr: 0,
      currentInterestUsd: '0.00',
      plannedInterestUsd: '0.00',
    },
  }
}

/**
 * Move steps that take `stepMs` each and record when each move's withdraw started and its deposit ended
 * (ms since the epoch), for tests of concurrency and ordering. `fail` makes a move's withdraw fail finally.
 */
export function timedSteps(options: { stepMs: number; fail?: (moveKey: string) => boolean }) {
  const started = new Map<string, number>()
  const ended = new Map<string, number>()
  const sleep = () => new Promise((r) => setTimeout(r, options.stepMs))
  const base = recordingSteps()
  const overrides = {
    ...base.overrides,
    withdrawFromMarket: async ({ moveKey }: { moveKey: string }) => {
      started.set(moveKey, Date.now())
      if (options.fail?.(moveKey)) throw ApplicationFailure.nonRetryable(`withdraw of ${moveKey} failed`)
      await sleep()
      return { txHashes: [`0xw-${moveKey}`] }
    },
    depositToMarket: async ({ moveKey }: { moveKey: string }) => {
      await sleep()
      ended.set(moveKey, Date.now())
      return { txHashes: [`0xd-${moveKey}`] }
    },
  }
  return { started, ended, overrides }
}
