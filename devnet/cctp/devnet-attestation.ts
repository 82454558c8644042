import { devnetPortBase, devnetRpcUrl } from '../../chains/devnet.js'
import { devnetAccounts } from '../../chains/devnet-accounts.js'
import { chainNames } from '../../chains/names.js'
import {
  type AttestationService,
  type StartAttestationServiceArgs,
  startAttestationService,
} from './attestation-service.js'
import { loadDevnetCctp } from './deployment.js'
import type { AttestationFaults } from './faults.js'

/** Default port of the devnet attestation service (`SLL_CCTP_ATTESTATION_PORT`). */
export const defaultAttestationPort = 8561

/** The attestation port from `SLL_CCTP_ATTESTATION_PORT` (default {@link defaultAttestationPort}). */
export function attestationPortFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SLL_CCTP_ATTESTATION_PORT
  if (raw === undefined || raw === '') return defaultAttestationPort
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`SLL_CCTP_ATTESTATION_PORT=${raw} is not a port number`)
  }
  return port
}

/**
 * Attestation-service arguments for the committed devnet: the MessageTransmitters of
 * `devnet/state/cctp.json` on all six chains and the devnet attester key. Scans from block 0.
 */
export function devnetAttestationArgs(
  options: { portBase?: number; port?: number; faults?: Partial<AttestationFaults> } = {},
): StartAttestationServiceArgs {
  const cctp = loadDevnetCctp()
  const portBase = options.portBase ?? devnetPortBase()
  return {
    chains: chainNames.map((name) => ({
      name,
      domain: cctp.chains[name].domain,
      rpcUrl: devnetRpcUrl(name, portBase),
      messageTransmitter: cctp.chains[name].messageTransmitter,
    })),
    attesterKey: devnetAccounts.cctpAttester.privateKey,
    port: options.port ?? defaultAttestationPort,
    ...(options.faults ? { faults: options.faults } : {}),
  }
}

/** Starts the attestation service on the devnet (see {@link devnetAttestationArgs}). */
export function startDevnetAttestation(
  options: Parameters<typeof devnetAttestationArgs>[0] & { log?: (line: string) => void } = {},
): Promise<AttestationService> {
  return startAttestationService({
    ...devnetAttestationArgs(options),
    ...(options.log ? { log: options.log } : {}),
  })
}
