/**
 * Failure types that no retry can fix, shared by activity retry policies (workflows import this pure
 * module) and the activity failure mapping. Final-ness is a property of the error class (it extends
 * `NonRetryableError`, and `toActivityFailure` creates its failure `nonRetryable: true`), so this list is a
 * second line of defence (e.g. for failures raised by other workers or older code). `non-retryable.test.ts`
 * enumerates every exported error class under `activities/`, `policies/`, `chains/` and `lib/` and fails
 * when a final one is missing here: add its name when you add a `NonRetryableError` subclass.
 */
export const NON_RETRYABLE_ERROR_TYPES = [
  'TransactionRevertedError',
  'ApprovalRefusedError',
  'ApproverKeyError',
  'TemporalTlsConfigError',
  'UnauthorizedMoveError',
  'RelayerRemovedError',
  'RateLimitKeyUnsetError',
  'RateLimitCapacityExceededError',
  'RateLimitShortfallError',
  'ControllerSettingMissingError',
  'NonceConsumedByOtherError',
  'StuckTransactionError',
  'InvalidResumeDetailsError',
  'IdempotencyKeyConflictError',
  'InvalidTransactionInputError',
  'JournalChainMismatchError',
  'NonceOwnerClosedError',
  'WrongChainError',
  'SignerKeyMissingError',
  'SignerKeyInvalidError',
  'RouteUnavailableError',
  'InvalidMoveEndError',
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
  'VenueReadError',
  'DeploymentMismatchError',
  'InvalidMarketDataError',
  'SnapshotValidationError',
  'InfeasibleAllocationError',
  'UnboundedRelaxationError',
  'DevnetRegistryError',
  'DevnetPortError',
  'FeeCapConfigError',
  'StuckBoundConfigError',
  'FeeCapExceededError',
]
