import { parseAbi, parseAbiItem } from 'viem'

/** CCTP V1 TokenMessenger (the subset the SLL and the devnet use). */
export const tokenMessengerAbi = parseAbi([
  'function depositForBurn(uint256 amount, uint32 destinationDomain, bytes32 mintRecipient, address burnToken) returns (uint64 nonce)',
  'function depositForBurnWithCaller(uint256 amount, uint32 destinationDomain, bytes32 mintRecipient, address burnToken, bytes32 destinationCaller) returns (uint64 nonce)',
  'function localMessageTransmitter() view returns (address)',
  'function localMinter() view returns (address)',
  'function messageBodyVersion() view returns (uint32)',
  'function remoteTokenMessengers(uint32 domain) view returns (bytes32)',
  'function addRemoteTokenMessenger(uint32 domain, bytes32 tokenMessenger)',
  'function addLocalMinter(address newLocalMinter)',
  'event DepositForBurn(uint64 indexed nonce, address indexed burnToken, uint256 amount, address indexed depositor, bytes32 mintRecipient, uint32 destinationDomain, bytes32 destinationTokenMessenger, bytes32 destinationCaller)',
  'event MintAndWithdraw(address indexed mintRecipient, uint256 amount, address indexed mintToken)',
])

/** CCTP V1 MessageTransmitter (the subset the SLL and the devnet use). */
export const messageTransmitterAbi = parseAbi([
  'function receiveMessage(bytes message, bytes attestation) returns (bool success)',
  'function sendMessage(uint32 destinationDomain, bytes32 recipient, bytes messageBody) returns (uint64)',
  'function usedNonces(bytes32 sourceAndNonce) view returns (uint256)',
  'function localDomain() view returns (uint32)',
  'function version() view returns (uint32)',
  'function nextAvailableNonce() view returns (uint64)',
  'function signatureThreshold() view returns (uint256)',
  'function isEnabledAttester(address attester) view returns (bool)',
  'function enableAttester(address attester)',
  'event MessageSent(bytes message)',
  'event MessageReceived(address indexed caller, uint32 sourceDomain, uint64 indexed nonce, bytes32 sender, bytes messageBody)',
])

/** CCTP V1 TokenMinter (the subset the SLL and the devnet use). */
export const tokenMinterAbi = parseAbi([
  'function burnLimitsPerMessage(address token) view returns (uint256)',
  'function getLocalToken(uint32 remoteDomain, bytes32 remoteToken) view returns (address)',
  'function localTokenMessenger() view returns (address)',
  'function setMaxBurnAmountPerMessage(address localToken, uint256 burnLimitPerMessage)',
  'function linkTokenPair(address localToken, uint32 remoteDomain, bytes32 remoteToken)',
  'function addLocalTokenMessenger(address newLocalTokenMessenger)',
])

/** `MessageSent(bytes message)` of the MessageTransmitter: what an attester watches. */
export const messageSentEventAbi = parseAbiItem('event MessageSent(bytes message)')
