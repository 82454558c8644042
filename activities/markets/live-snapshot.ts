/**
 * The live snapshot: reads all six chains of the configured network in parallel (one multicall each) and
 * assembles the spec snapshot. Any chain failing fails the whole snapshot with named errors; a chain is
 * never silently left out or reported as zero.
 *
 * @module
 */
import type { Transport } from 'viem'
import type { ChainName, NetworkKind } from '../../chains/names.js'
import type { Snapshot } from '../../policies/snapshot.js'
import { assembleSnapshot, type ChainMarkets } from './convert.js'
import type { CostConfig } from './cost-config.js'
import { SnapshotIncompleteError } from './errors.js'
import { readChainMarkets } from './read-chain.js'
import { resolveSources, type SourceOptions } from './sources.js'

/** Options of {@link readLiveSnapshot}; every field defaults from the environment. */
export type LiveSnapshotOptions = SourceOptions & {
  /** Clock for `takenAt` (default: now). */
  now?: () => Date
  /** Prices moves (the snapshot's `costs`, as the cycle's): one `eth_gasPrice` more per chain. Default: none. */
  costs?: CostConfig
  /** Per-chain transport overrides (tests). */
  transports?: Partial<Record<ChainName, Transport>>
}

/** A live snapshot with what it took per chain. */
export type LiveMarkets = { network: NetworkKind; snapshot: Snapshot; perChain: ChainMarkets[] }

/** Reads every chain and returns the snapshot plus per-chain details (request counts). */
export async function readLiveMarkets(options: LiveSnapshotOptions = {}): Promise<LiveMarkets> {
  const { network, sources } = resolveSources(options)
  const takenAt = (options.now ?? (() => new Date()))().toISOString()
  const settled = await Promise.allSettled(
    sources.map((source) => {
      const transport = options.transports?.[source.chain]
      const costs = options.costs?.[source.chain]
      return readChainMarkets({ ...source, ...(transport ? { transport } : {}), ...(costs ? { costs } : {}) })
    }),
  )
  const failures = settled.flatMap((result, i) =>
    result.status === 'rejected' ? [{ chain: sources[i]!.chain, error: result.reason as unknown }] : [],
  )
  if (failures.length === 1) throw failures[0]!.error
  if (failures.length > 1) throw new SnapshotIncompleteError(failures)
  const perChain = settled.map((r) => (r as PromiseFulfilledResult<ChainMarkets>).value)
  return { network, snapshot: assembleSnapshot(perChain, takenAt), perChain }
}

/** The spec snapshot of the configured network (devnet by default). */
export async function readLiveSnapshot(options: LiveSnapshotOptions = {}): Promise<Snapshot> {
  return (await readLiveMarkets(options)).snapshot
}
