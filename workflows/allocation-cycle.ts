import { log, proxyActivities, upsertMemo } from '@temporalio/workflow'
import type { Activities } from '../activities/index.js'

const { readPolicyRef } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    maximumAttempts: 5,
    nonRetryableErrorTypes: ['PolicyFileUnreadableError', 'PolicyValidationError'],
  },
})

/** Input of one allocation cycle. */
export type AllocationCycleInput = { policyPath: string }

/** What one cycle did. */
export type AllocationCycleResult = { policySha256: string; policyName: string }

/**
 * One allocation cycle: pins the policy by content hash, (reads the six chains, plans, executes moves).
 */
export async function allocationCycle(input: AllocationCycleInput): Promise<AllocationCycleResult> {
  const policy = await readPolicyRef({ path: input.policyPath })
  log.info('policy pinned', { sha256: policy.sha256, name: policy.name })
  upsertMemo({ policy: { path: policy.path, sha256: policy.sha256, name: policy.name } })
  return { policySha256: policy.sha256, policyName: policy.name }
}
