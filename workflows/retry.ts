/**
 * Failure types no retry can fix (kept in sync with `activities/failure.ts` NON_RETRYABLE_ERROR_TYPES; the
 * activities also mark their final failures `nonRetryable`, so this list is a second line of defence).
 */
export const NON_RETRYABLE_TYPES = [
  'TransactionRevertedError',
  'NonceConsumedByOtherError',
  'InvalidResumeDetailsError',
  'InvalidTransactionInputError',
  'WrongChainError',
  'SignerKeyMissingError',
  'SignerKeyInvalidError',
  'RouteUnavailableError',
  'MissingDeploymentError',
  'InvalidAmountError',
  'InputFileUnreadableError',
  'PolicyValidationError',
  'UnsupportedVenueError',
  'UnsupportedChainError',
]
