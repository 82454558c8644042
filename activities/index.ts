import { Context } from '@temporalio/activity'
import type { ChainName } from '../chains/names.js'
import { KeyedMutex } from '../lib/mutex.js'
import { type PlanAllocationInput, planAllocation } from '../policies/plan.js'
import { plannedKeyDraws } from '../sll/plan-key-usage.js'
import {
  type AuthorizedMove,
  loadAcceptedPolicy,
  recoverMoveDecisionSigner,
  verifyMoveAuthorization,
  verifyOperatorAction,
} from './approval-verification.js'
import { readControlState, supersedeApprovalRequestsActivity } from './control-state.js'
import { asActivity } from './failure.js'
import { costConfigFromEnv } from './markets/cost-config.js'
import { readChainMarkets } from './markets/read-chain.js'
import { timedDelivery } from './metrics/delivery.js'
import { setRateLimitHeadroom, setRateLimitPlanned, setRelayerRole } from './metrics/registry.js'
import { createMoveSteps } from './moves/move-steps.js'
import { loadNetwork, type Network } from './network.js'
import { readPauseFact } from './pause-fact.js'
import { loadPolicy } from './policy-file.js'
import { readRecentRouteUsage } from './route-usage.js'
import { type GuardedStepInput, guardBridgeCompletion, guardStep } from './step-guard.js'

/** The move a transaction step belongs to, re-verified before it signs (`activities/step-guard.ts`). */
type Guarded = Pick<GuardedStepInput, 'move'>

/** Dependencies of the activities; each is created lazily, once per worker process. */
export type ActivityDeps = {
  /** Chains and signer; default {@link loadNetwork} from env on first use. */
  network?: () => Network
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined
  return () => {
    value ??= make()
    return value
  }
}

/**
 * Move steps that approve an allowance and spend it (PSM convert, OFT send, deposit) run one at a time per
 * chain in this worker: moves of a cycle run concurrently, and an ERC-20 allowance is one number per
 * (token, spender), so two moves approving the same spender side by side would spend each other's
 * allowance. The wait is short (the steps' transactions only; delivery waits are not locked) and
 * heartbeats the previous attempt's details so that neither the heartbeat timeout fires nor the resume
 * details are lost. Across workers this holds because only one worker process may own a signer (PID lock,
 * `activities/tx/README.md`).
 */
const allowanceSteps = new KeyedMutex()

async function oneAtATimeOn<T>(chain: string, run: () => Promise<T>): Promise<T> {
  let ctx: Context | undefined
  try {
    ctx = Context.current()
  } catch {
    ctx = undefined // called outside an activity (tests)
  }
  const previous = ctx?.info.heartbeatDetails
  const beat = ctx ? setInterval(() => ctx?.heartbeat(previous), 2_000) : undefined
  let started = false
  try {
    return await allowanceSteps.runExclusive(chain, () => {
      started = true
      if (beat) clearInterval(beat)
      return run()
    })
  } finally {
    if (!started && beat) clearInterval(beat)
  }
}

/** The network's registry, or `undefined` when this worker has no network configured. */
function tryRegistry(network: () => Network): Network['registry'] | undefined {
  try {
    return network().registry
  } catch {
    return undefined
  }
}

/**
 * Builds the activity implementations registered on the worker. Every activity goes through
 * `asActivity`, the one place where errors become Temporal failures (final or retryable).
 * Workflows type their proxies with `Activities` (type-only import).
 */
export function createActivities(deps: ActivityDeps = {}) {
  const network = lazy(deps.network ?? (() => loadNetwork()))
  const steps = lazy(() => createMoveSteps(network()))
  const costConfig = lazy(() => costConfigFromEnv())
  type Steps = ReturnType<typeof createMoveSteps>
  return {
    /** Reads and validates a policy file, with its content hash (the version a cycle pins). */
    loadPolicy: asActivity(async (input: { path: string }) => {
      // Only a policy file the worker accepts (SLL_ACCEPTED_POLICIES) may plan.
      await loadAcceptedPolicy(input.path)
      return loadPolicy(input.path)
    }),
    /** Plans with the pure engine; as an activity, the plan is recorded in the cycle's history. */
    planAllocation: asActivity(async (input: PlanAllocationInput) => {
      const plan = planAllocation(input)
      const section = input.snapshot.rateLimits
      // The gauge needs the registry (key hashes); a worker without a network (plan-only) exports none.
      const registry = section ? tryRegistry(network) : undefined
      if (section && registry) setRateLimitPlanned(plannedKeyDraws(plan.moves, registry, section))
      return plan
    }),
    /** Cross-chain moves of the last 24 h, for the policy's daily route limits. */
    readRecentRouteUsage: asActivity((input: { hours?: number }) => readRecentRouteUsage(input)),
    /** Whether operators paused the orchestrator. */
    readControlState: asActivity(() => readControlState()),
    /** The durable pause fact of this deployment (the one every signing step checks). */
    readPauseFact: asActivity(() => {
      const { client, info } = Context.current()
      return readPauseFact(client, info.taskQueue)
    }),
    /** Supersedes approval requests of earlier plans that nobody decided yet (before planning again). */
    supersedeApprovalRequests: asActivity((input: { planId: string }) =>
      supersedeApprovalRequestsActivity(input),
    ),
    /** Reads one chain's markets and idle money (one multicall). */
    readChainMarkets: asActivity(async (input: { chain: ChainName }) => {
      const net = network()
      const { requests: _requests, ...markets } = await readChainMarkets({
        chain: input.chain,
        rpcUrl: net.endpoint(input.chain).rpcUrl,
        deployment: net.registry[input.chain],
        operator: net.holder(input.chain),
        psm3: net.psm3(input.chain),
        preflight: net.preflight?.(input.chain),
        costs: costConfig()[input.chain],
      })
      const role = markets.preflight?.relayerRole
      if (role === 'held' || role === 'missing') setRelayerRole(input.chain, role === 'held')
      if (markets.rateLimits) setRateLimitHeadroom(markets.rateLimits)
      return markets
    }),
    prepareMove: asActivity((input: Parameters<Steps['prepareMove']>[0]) => steps().prepareMove(input)),
    withdrawFromMarket: asActivity(async (input: Parameters<Steps['withdrawFromMarket']>[0] & Guarded) => {
      await guardStep(input)
      return steps().withdrawFromMarket(input)
    }),
    convertViaPsm: asActivity((input: Parameters<Steps['convertViaPsm']>[0] & Guarded) =>
      oneAtATimeOn(input.route.convert?.chain ?? input.route.source.chain, async () => {
        await guardStep(input)
        return steps().convertViaPsm(input)
      }),
    ),
    bridgeViaOft: asActivity((input: Parameters<Steps['bridgeViaOft']>[0] & Guarded) =>
      oneAtATimeOn(input.route.source.chain, async () => {
        await guardStep(input)
        return steps().bridgeViaOft(input)
      }),
    ),
    /** After a failed bridge step: was the send mined (money in flight), or did nothing leave? */
    locateBridgeSend: asActivity((input: Parameters<Steps['locateBridgeSend']>[0]) =>
      steps().locateBridgeSend(input),
    ),
    checkOftDelivery: asActivity((input: Parameters<Steps['checkOftDelivery']>[0]) =>
      timedDelivery(input.route.bridge, () => steps().checkOftDelivery(input)),
    ),
    depositToMarket: asActivity((input: Parameters<Steps['depositToMarket']>[0] & Guarded) =>
      oneAtATimeOn(input.route.destination.chain, async () => {
        await guardStep(input)
        return steps().depositToMarket(input)
      }),
    ),
    /** Recovers the signer of a signed move decision (called from the approval request's Update handler). */
    recoverMoveDecisionSigner: asActivity((input: Parameters<typeof recoverMoveDecisionSigner>[0]) =>
      recoverMoveDecisionSigner(input),
    ),
    /** Verifies a signed pause / resume against the policy's approvers (control workflow). */
    verifyOperatorAction: asActivity((input: Parameters<typeof verifyOperatorAction>[0]) =>
      verifyOperatorAction(input),
    ),
    /** Verifies a move's authorization before its first step (every step checks it again before signing). */
    authorizeMove: asActivity((input: AuthorizedMove) => verifyMoveAuthorization(input)),
    burnViaCctp: asActivity(async (input: Parameters<Steps['burnViaCctp']>[0] & Guarded) => {
      await guardStep(input)
      return steps().burnViaCctp(input)
    }),
    fetchCctpAttestations: asActivity((input: Parameters<Steps['fetchCctpAttestations']>[0]) =>
      steps().fetchCctpAttestations(input),
    ),
    receiveCctpMessage: asActivity(async (input: Parameters<Steps['receiveCctpMessage']>[0] & Guarded) => {
      await guardBridgeCompletion(input)
      return steps().receiveCctpMessage(input)
    }),
  }
}

/** The activity interface as workflows see it. */
export type Activities = ReturnType<typeof createActivities>
