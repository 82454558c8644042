import { asActivity } from './failure.js'
import { createMoveSteps } from './moves/move-steps.js'
import { loadNetwork, type Network } from './network.js'
import { readPolicyRef } from './policy-file.js'

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
 * Builds the activity implementations registered on the worker. Every activity goes through
 * `asActivity`, the one place where errors become Temporal failures (final or retryable).
 * Workflows type their proxies with `Activities` (type-only import).
 */
export function createActivities(deps: ActivityDeps = {}) {
  const network = lazy(deps.network ?? (() => loadNetwork()))
  const steps = lazy(() => createMoveSteps(network()))
  type Steps = ReturnType<typeof createMoveSteps>
  return {
    /** Reads a policy file: content hash and name (the version a cycle pins). */
    readPolicyRef: asActivity((input: { path: string }) => readPolicyRef(input.path)),
    prepareMove: asActivity((input: Parameters<Steps['prepareMove']>[0]) => steps().prepareMove(input)),
    withdrawFromMarket: asActivity((input: Parameters<Steps['withdrawFromMarket']>[0]) =>
      steps().withdrawFromMarket(input),
    ),
    convertViaPsm: asActivity((input: Parameters<Steps['convertViaPsm']>[0]) => steps().convertViaPsm(input)),
    bridgeViaOft: asActivity((input: Parameters<Steps['bridgeViaOft']>[0]) => steps().bridgeViaOft(input)),
    checkOftDelivery: asActivity((input: Parameters<Steps['checkOftDelivery']>[0]) =>
      steps().checkOftDelivery(input),
    ),
    depositToMarket: asActivity((input: Parameters<Steps['depositToMarket']>[0]) =>
      steps().depositToMarket(input),
    ),
  }
}

/** The activity interface as workflows see it. */
export type Activities = ReturnType<typeof createActivities>
