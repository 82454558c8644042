import { z } from 'zod'

/**
 * Fault modes of the devnet relayer (all off by default), settable at start and at runtime:
 * - `delayMs`: extra latency before verifying each packet (on top of `latencyMs`).
 * - `drop`: packets are recorded but not relayed while set; clearing it (or a restart, which rescans
 *   from the start block) delivers them.
 * - `lowGas`: execute with {@link lowGasLimit} gas so `lzReceive` fails and the destination emits
 *   `LzReceiveAlert` (payload stored); clearing it re-executes stored payloads with the requested gas.
 */
export const relayerFaultsSchema = z.object({
  delayMs: z.number().int().nonnegative().default(0),
  drop: z.boolean().default(false),
  lowGas: z.boolean().default(false),
})

/** The current fault settings. */
export type RelayerFaults = z.infer<typeof relayerFaultsSchema>

/** Gas the executor uses while `lowGas` is set: too little for an OFT credit. */
export const lowGasLimit = 30_000n

/** No faults. */
export const noFaults: RelayerFaults = { delayMs: 0, drop: false, lowGas: false }
