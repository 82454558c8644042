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

/** Every `sll_` metric, by purpose. Gauges set by the collector are replaced on each collection. */
export const sllMetrics = {
  managedUsd: new Gauge({
    name: 'sll_managed_usd',
    help: 'Money managed (USD): positions per chain and protocol, protocol="idle" for idle stablecoins (live chain read)',
    labelNames: ['chain', 'protocol'] as const,
    registers,
  }),
  positionUsd: new Gauge({
    name: 'sll_position_usd',
    help: 'Our position per market (USD, live chain read)',
    labelNames: ['market', 'chain', 'protocol', 'asset'] as const,
    registers,
  }),
  apr: new Gauge({
    name: 'sll_apr',
    help: 'Position-weighted supply APR (fraction) per chain and protocol: kind="current" from the live read, kind="planned" from the targets of the last plan',
    labelNames: ['chain', 'protocol', 'kind'] as const,
    registers,
  }),
  planApr: new Gauge({
    name: 'sll_plan_apr',
    help: 'APR (fraction) of the last plan over all managed money: kind="current" before it, kind="planned" after it',
    labelNames: ['kind'] as const,
    registers,
  }),
  vaultExchangeRate: new Gauge({
    name: 'sll_vault_exchange_rate',
    help: 'ERC-4626 vault exchange rate: totalAssets / totalSupply in base units (only relative changes matter)',
    labelNames: ['market'] as const,
    registers,
  }),
  vaultExchangeRateAtLastCycle: new Gauge({
    name: 'sll_vault_exchange_rate_at_last_cycle',
    help: 'sll_vault_exchange_rate as the collector read it first after the last completed cycle closed',
    labelNames: ['market'] as const,
    registers,
  }),
  moves: new Gauge({
    name: 'sll_moves',
    help: 'executeMove workflows of this task queue by SllStatus (Temporal visibility count; the same on every worker)',
    labelNames: ['state'] as const,
    registers,
  }),
  movesParkedRecent: new Gauge({
    name: 'sll_moves_parked_recent',
    help: 'executeMove workflows that ended parked within the last 24 hours (Temporal visibility count)',
    registers,
  }),
  moveOldestRunningSeconds: new Gauge({
    name: 'sll_move_oldest_running_seconds',
    help: 'Age of the oldest running executeMove (seconds since its start; 0 when none runs)',
    registers,
  }),
  approvalsPending: new Gauge({
    name: 'sll_approvals_pending',
    help: 'Moves waiting for an approval in running cycles',
    registers,
  }),
  approvalOldestPendingSeconds: new Gauge({
    name: 'sll_approval_oldest_pending_seconds',
    help: 'Age of the oldest pending approval (seconds; 0 when none)',
    registers,
  }),
  approvalPendingSeconds: new Gauge({
    name: 'sll_approval_pending_seconds',
    help: 'Age of each pending approval (seconds since its cycle began waiting, else since the cycle started)',
    labelNames: ['plan_id', 'move'] as const,
    registers,
  }),
  approvalTimeoutSeconds: new Gauge({
    name: 'sll_approval_timeout_seconds',
    help: "Policy timeout of each pending approval (approvals.timeout of the cycle's pinned policy)",
    labelNames: ['plan_id', 'move'] as const,
    registers,
  }),
  cycles: new Gauge({
    name: 'sll_cycles',
    help: 'allocationCycle workflows of this task queue by outcome (completed, nothing-to-do, skipped, failed, running; visibility count)',
    labelNames: ['outcome'] as const,
    registers,
  }),
  lastCycleCompletedTimestamp: new Gauge({
    name: 'sll_last_cycle_completed_timestamp_seconds',
    help: 'Close time (unix seconds) of the newest allocationCycle that completed',
    registers,
  }),
  lastCycleFailedTimestamp: new Gauge({
    name: 'sll_last_cycle_failed_timestamp_seconds',
    help: 'Close time (unix seconds) of the newest allocationCycle that failed or timed out (0: none)',
    registers,
  }),
  cycleIntervalSeconds: new Gauge({
    name: 'sll_cycle_interval_seconds',
    help: 'Interval of the allocation schedule (seconds; absent when the schedule does not exist)',
    registers,
  }),
  relayerGasBalance: new Gauge({
    name: 'sll_relayer_gas_balance',
    help: 'Native balance of the signer per chain (whole native units: ETH, AVAX)',
    labelNames: ['chain'] as const,
    registers,
  }),
  relayerRoleGranted: new Gauge({
    name: 'sll_relayer_role_granted',
    help: '1 when the signer holds RELAYER on the chain, 0 when lost (FREEZER); set by every snapshot read',
    labelNames: ['chain'] as const,
    registers,
  }),
  rateLimitHeadroomUsd: new Gauge({
    name: 'sll_rate_limit_headroom_usd',
    help: 'What the on-chain RateLimits key allows now (USD, at the block of the read), set from each snapshot; unlimited keys export no sample',
    labelNames: ['chain', 'key', 'guard'] as const,
    registers,
  }),
  rateLimitPlannedUsd: new Gauge({
    name: 'sll_rate_limit_planned_usd',
    help: 'HOOK (filled by the rate-limit work): what the last plan wanted to draw from the key (USD)',
    labelNames: ['chain', 'key'] as const,
    registers,
  }),
  chainReadTimestamp: new Gauge({
    name: 'sll_chain_read_timestamp_seconds',
    help: 'Unix time of the last successful collector read of the chain',
    labelNames: ['chain'] as const,
    registers,
  }),
  collectorErrors: new Counter({
    name: 'sll_collector_errors_total',
    help: 'Failed collector reads by source (temporal, or the chain name)',
    labelNames: ['source'] as const,
    registers,
  }),
  txSubmissions: new Counter({
    name: 'sll_tx_submissions_total',
    help: 'Transaction steps submitted through the tx adapter (one per step key and activity attempt)',
    labelNames: ['chain'] as const,
    registers,
  }),
  txConfirmed: new Counter({
    name: 'sll_tx_confirmed_total',
    help: 'Transaction steps that ended with a successful receipt',
    labelNames: ['chain'] as const,
    registers,
  }),
  txReverts: new Counter({
    name: 'sll_tx_reverts_total',
    help: 'Transaction steps that reverted (stage="simulation": nothing signed; stage="mined")',
    labelNames: ['chain', 'stage'] as const,
    registers,
  }),
  txRetries: new Counter({
    name: 'sll_tx_retries_total',
    help: 'Transaction steps submitted by a retried activity attempt (they settle the journaled tx, never a second one)',
    labelNames: ['chain'] as const,
    registers,
  }),
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
