import {
  type AuthorizedMove,
  UnauthorizedMoveError,
  verifyMoveAuthorization,
} from './approval-verification.js'
import { assertNotPaused } from './pause-fact.js'

/** What every transaction step receives besides its own input: the move it belongs to, with its authorization. */
export type GuardedStepInput = {
  moveKey: string
  route: { amountUsd: string }
  move?: AuthorizedMove
}

/**
 * Runs immediately before a step signs: the move is authorized (accepted policy, auto-approved or signed
 * threshold: {@link verifyMoveAuthorization}), the step belongs to it (same move key and USD amount), and the
 * orchestrator is not paused (the durable fact, {@link assertNotPaused}).
 *
 * @throws {UnauthorizedMoveError} (final) or `PausedError` (final; the move workflow waits for the resume).
 */
export async function guardStep(input: GuardedStepInput, pauseCheck = assertNotPaused): Promise<void> {
  const move = input.move
  if (!move) {
    throw new UnauthorizedMoveError(`step ${input.moveKey} carries no move authorization`, {
      moveKey: input.moveKey,
    })
  }
  if (
    input.moveKey !== `${move.planId}/move-${move.index}` ||
    Number(input.route.amountUsd) !== Number(move.amount)
  ) {
    throw new UnauthorizedMoveError(
      `step ${input.moveKey} (${input.route.amountUsd} USD) is not part of move ${move.index} of plan ${move.planId} (${move.amount} USD)`,
      { moveKey: input.moveKey, planId: move.planId, index: move.index },
    )
  }
  await verifyMoveAuthorization(move)
  await pauseCheck()
}

/**
 * The guard of a step that completes a bridge already sent (the CCTP mint of burned USDC into our
 * ALMProxy): the same authorization checks as {@link guardStep}, but a pause does not hold it, because
 * "bridges already sent still complete" (held, the burned USDC would stay unminted and the move park in
 * flight once the step's retries ran out).
 *
 * @throws {UnauthorizedMoveError} (final).
 */
export function guardBridgeCompletion(input: GuardedStepInput): Promise<void> {
  return guardStep(input, async () => undefined)
}
