/**
 * Failure types that no retry can fix, shared by activity retry policies (workflows import this pure
 * module) and the activity failure mapping. Our final failures are also created `nonRetryable: true`, so
 * this list is a second line of defence (e.g. for failures raised by other workers).
 */
export const NON_RETRYABLE_ERROR_TYPES = [
  'TransactionRevertedError',
  'NonceConsumedByOtherError',
  'InvalidResumeDetailsError',
  'IdempotencyKeyConflictError',
  'InvalidTransactionInputError',
  'JournalChainMismatchError',
  'WrongChainError',
  'SignerKeyMissingError',
  'SignerKeyInvalidError',
  'RouteUnavailableError',
  'MissingDeploymentError',
  'InvalidAmountError',
  'InputFileUnreadableError',
  'PolicyValidationError',
  'UnknownMarketError',
  'InfeasibleConstraintsError',
  'UnsupportedVenueError',
  'UnsupportedChainError',
  'NetworkConfigError',
  'MarketsConfigError',
  'DeliveryFailedError',
]
