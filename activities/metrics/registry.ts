/**
 * The product's Prometheus metrics (prefix `sll_`), one registry per process. The worker serves it on
 * `SLL_METRICS_PORT` (`worker/metrics/server.ts`); the collector (`collector.ts`) fills the gauges from
 * Temporal visibility and the chains; the tx adapter and the delivery check count events through the
 * `record*` hooks below. Names, labels and meanings: README "Metrics and alerts".
 *
 * @module
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import { keyAmountUsd, keyCapacityAt, type RateLimitKeySnapshot } from '../../policies/rate-limit-snapshot.js'
import { guardLabel } from '../../sll/guard-key.js'

/** The registry the worker's `/metrics` endpoint serves. */
export const metricsRegistry = new Registry()

const registers = [metricsRegistry]

/** One gauge of {@link metricsRegistry} (every `sll_` gauge has this shape: name, help, labels). */
function gauge<L extends string = never>(
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): Gauge<L> {
  return new Gauge<L>({ name, help, labelNames, registers })
}

/** One counter of {@link metricsRegistry}. */
function counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
  return new Counter<L>({ name, help, labelNames, registers })
}

/** Every `sll_` metric, by purpose. Gauges set by the collector are replaced on each collection. */
export const sllMetrics = {
  managedUsd: gauge(
    'sll_managed_usd',
    'Money managed (USD): positions per chain and protocol, protocol="idle" for idle stablecoins (live chain read)',
    ['chain', 'protocol'],
  ),
  positionUsd: gauge('sll_position_usd', 'Our position per market (USD, live chain read)', [
    'market',
    'chain',
    'protocol',
    'asset',
  ]),
  apr: gauge(
    'sll_apr',
    'Position-weighted supply APR (fraction) per chain and protocol: kind="current" from the live read, kind="planned" from the targets of the last plan',
    ['chain', 'protocol', 'kind'],
  ),
  planApr: gauge(
    'sll_plan_apr',
    'APR (fraction) of the last plan over all managed money: kind="current" before it, kind="planned" after it',
    ['kind'],
  ),
  vaultExchangeRate: gauge(
    'sll_vault_exchange_rate',
    'ERC-4626 vault exchange rate: totalAssets / totalSupply in base units (only relative changes matter)',
    ['market'],
  ),
  vaultExchangeRateAtLastCycle: gauge(
    'sll_vault_exchange_rate_at_last_cycle',
    'sll_vault_exchange_rate as the collector read it first after the last completed cycle closed',
    ['market'],
  ),
  moves: gauge(
    'sll_moves',
    'executeMove workflows of this task queue by SllStatus (Temporal visibility count; the same on every worker)',
    ['state'],
  ),
  movesParkedRecent: gauge(
    'sll_moves_parked_recent',
    'executeMove workflows that ended parked within the last 24 hours (Temporal visibility count)',
  ),
  moveOldestRunningSeconds: gauge(
    'sll_move_oldest_running_seconds',
    'Age of the oldest running executeMove (seconds since its start; 0 when none runs)',
  ),
  approvalsPending: gauge('sll_approvals_pending', 'Moves waiting for an approval in running cycles'),
  approvalOldestPendingSeconds: gauge(
    'sll_approval_oldest_pending_seconds',
    'Age of the oldest pending approval (seconds; 0 when none)',
  ),
  approvalPendingSeconds: gauge(
    'sll_approval_pending_seconds',
    'Age of each pending approval (seconds since its cycle began waiting, else since the cycle started)',
    ['plan_id', 'move'],
  ),
  approvalTimeoutSeconds: gauge(
    'sll_approval_timeout_seconds',
    "Policy timeout of each pending approval (approvals.timeout of the cycle's pinned policy)",
    ['plan_id', 'move'],
  ),
  cycles: gauge(
    'sll_cycles',
    'allocationCycle workflows of this task queue by outcome (completed, nothing-to-do, skipped, failed, running; visibility count)',
    ['outcome'],
  ),
  lastCycleCompletedTimestamp: gauge(
    'sll_last_cycle_completed_timestamp_seconds',
    'Close time (unix seconds) of the newest allocationCycle that completed',
  ),
  lastCycleFailedTimestamp: gauge(
    'sll_last_cycle_failed_timestamp_seconds',
    'Close time (unix seconds) of the newest allocationCycle that failed or timed out (0: none)',
  ),
  cycleIntervalSeconds: gauge(
    'sll_cycle_interval_seconds',
    'Interval of the allocation schedule (seconds; absent when the schedule does not exist)',
  ),
  relayerGasBalance: gauge(
    'sll_relayer_gas_balance',
    'Native balance of the signer per chain (whole native units: ETH, AVAX)',
    ['chain'],
  ),
  relayerRoleGranted: gauge(
    'sll_relayer_role_granted',
    '1 when the signer holds RELAYER on the chain, 0 when lost (FREEZER); set by every snapshot read',
    ['chain'],
  ),
  rateLimitHeadroomUsd: gauge(
    'sll_rate_limit_headroom_usd',
    'What the on-chain RateLimits key allows now (USD, at the block of the read), set from each snapshot; unlimited keys export no sample',
    ['chain', 'key', 'guard'],
  ),
  rateLimitPlannedUsd: gauge(
    'sll_rate_limit_planned_usd',
    'HOOK (filled by the rate-limit work): what the last plan wanted to draw from the key (USD)',
    ['chain', 'key'],
  ),
  chainReadTimestamp: gauge(
    'sll_chain_read_timestamp_seconds',
    'Unix time of the last successful collector read of the chain',
    ['chain'],
  ),
  collectorErrors: counter(
    'sll_collector_errors_total',
    'Failed collector reads by source (temporal, or the chain name)',
    ['source'],
  ),
  txSubmissions: counter(
    'sll_tx_submissions_total',
    'Transaction steps submitted through the tx adapter (one per step key and activity attempt)',
    ['chain'],
  ),
  txConfirmed: counter('sll_tx_confirmed_total', 'Transaction steps that ended with a successful receipt', [
    'chain',
  ]),
  txReverts: counter(
    'sll_tx_reverts_total',
    'Transaction steps that reverted (stage="simulation": nothing signed; stage="mined")',
    ['chain', 'stage'],
  ),
  txRetries: counter(
    'sll_tx_retries_total',
    'Transaction steps submitted by a retried activity attempt (they settle the journaled tx, never a second one)',
    ['chain'],
  ),
  bridgeDeliverySeconds: new Histogram({
    name: 'sll_bridge_delivery_seconds',
    help: 'LayerZero delivery time: from the first delivery check (scheduled right after the send receipt) to the check that saw OFTReceived',
    labelNames: ['from_chain', 'to_chain', 'asset'] as const,
    buckets: [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200],
    registers,
  }),
} as const

/**
 * Counts one transaction step of the tx adapter around its promise: a submission (and a retry when
 * `attempt > 1`), then a confirmation or a revert (by the error's `stage`). `sent` tells, for steps that may
 * send nothing (an approval when the allowance suffices), whether a transaction was sent; such a step is
 * counted only when it did. Resolves / rejects as `run`.
 */
export async function countTransaction<T>(
  chain: string,
  attempt: number,
  run: () => Promise<T>,
  sent?: (result: T) => boolean,
): Promise<T> {
  const submitted = () => {
    sllMetrics.txSubmissions.inc({ chain })
    if (attempt > 1) sllMetrics.txRetries.inc({ chain })
  }
  if (!sent) submitted()
  try {
    const result = await run()
    if (sent?.(result) ?? true) {
      if (sent) submitted()
      sllMetrics.txConfirmed.inc({ chain })
    }
    return result
  } catch (error) {
    if (sent) submitted()
    const e = error as { name?: string; context?: { stage?: unknown } } | undefined
    if (e?.name === 'TransactionRevertedError') {
      sllMetrics.txReverts.inc({ chain, stage: String(e.context?.stage ?? 'unknown') })
    }
    throw error
  }
}

/** The tx adapter's call, as {@link withTxMetrics} wraps it (moves send controller calls only: no approvals). */
export type TxAdapter<C extends string, SA extends unknown[], SR> = {
  send: (chain: C, ...args: SA) => Promise<SR>
}

/**
 * The tx adapter (`activities/moves/activity-tx.ts`) with every step counted by {@link countTransaction}
 * (`attempt`: the activity attempt, 1 outside an activity). Same shape and behaviour otherwise.
 */
export function withTxMetrics<C extends string, SA extends unknown[], SR>(
  attempt: number,
  adapter: TxAdapter<C, SA, SR>,
): TxAdapter<C, SA, SR> {
  return {
    send: (chain, ...args) => countTransaction(chain, attempt, () => adapter.send(chain, ...args)),
  }
}

/** Records one seen bridge delivery (seconds since the first delivery check was scheduled). */
export function recordBridgeDelivery(
  bridge: { fromChain: string; toChain: string; asset: string } | undefined,
  seconds: number,
): void {
  if (!bridge || !Number.isFinite(seconds) || seconds < 0) return
  sllMetrics.bridgeDeliverySeconds.observe(
    { from_chain: bridge.fromChain, to_chain: bridge.toChain, asset: bridge.asset },
    seconds,
  )
}

/**
 * Headroom of every limited SLL RateLimits key of a snapshot's `rateLimits` section (capacity at the read,
 * USD; an unset key is 0), labelled with the key hash and what it guards (`sll/guard-key.ts` `guardLabel`).
 * Unlimited keys export no sample (they never bind).
 */
export function setRateLimitHeadroom(keys: readonly RateLimitKeySnapshot[]): void {
  for (const k of keys) {
    const capacity = keyCapacityAt(k, BigInt(k.readAt))
    if (capacity === undefined) continue
    sllMetrics.rateLimitHeadroomUsd.set(
      { chain: k.chain, key: k.key, guard: guardLabel(k.guards) },
      keyAmountUsd(k, capacity),
    )
  }
}

/** HOOK: what the last plan wanted to draw from a key (USD); the optimizer work fills it. */
export function setRateLimitPlanned(chain: string, key: string, plannedUsd: number): void {
  sllMetrics.rateLimitPlannedUsd.set({ chain, key }, plannedUsd)
}

/** Whether the signer still holds RELAYER on `chain` (set from each snapshot's pre-flight). */
export function setRelayerRole(chain: string, granted: boolean): void {
  sllMetrics.relayerRoleGranted.set({ chain }, granted ? 1 : 0)
}
