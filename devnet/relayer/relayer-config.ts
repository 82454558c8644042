import { readFileSync } from 'node:fs'
import type { Address, Hex } from 'viem'
import { z } from 'zod'
import { NonRetryableError } from '../../lib/errors.js'
import { relayerFaultsSchema } from './faults.js'
import type { StartRelayerArgs } from './relayer.js'

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 20-byte hex address')
const privateKey = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected a 32-byte hex private key')

/**
 * The relayer config file (JSON), the same shape as {@link StartRelayerArgs} with `startBlock` as a
 * decimal string or number:
 * `{ "chains": [{ "name", "eid", "rpcUrl", "endpoint", "receiveLib", "dvn", "executor", "startBlock"? }],
 *    "dvnSignerKey", "executorAdminKey", "latencyMs"?, "pollIntervalMs"?, "faults"? }`.
 */
export const relayerConfigSchema = z.object({
  chains: z
    .array(
      z.object({
        name: z.string().min(1),
        eid: z.number().int().positive(),
        rpcUrl: z.url(),
        endpoint: address,
        receiveLib: address,
        dvn: address,
        executor: address,
        startBlock: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).optional(),
      }),
    )
    .min(2),
  dvnSignerKey: privateKey,
  executorAdminKey: privateKey,
  latencyMs: z.number().int().nonnegative().optional(),
  pollIntervalMs: z.number().int().positive().optional(),
  faults: relayerFaultsSchema.partial().optional(),
})

/** The relayer config file is missing or invalid. */
export class InvalidRelayerConfigError extends NonRetryableError {
  override readonly name = 'InvalidRelayerConfigError'
  readonly path: string

  constructor(path: string, detail: string, cause?: unknown) {
    super(`invalid relayer config ${path}: ${detail}`, {
      instruction: 'Fix the file (see relayerConfigSchema in devnet/relayer/relayer-config.ts) and restart.',
      cause,
    })
    this.path = path
  }
}

/** Reads and validates a relayer config file into {@link StartRelayerArgs}. */
export function loadRelayerConfig(path: string): StartRelayerArgs {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new InvalidRelayerConfigError(path, 'cannot read JSON', error)
  }
  const parsed = relayerConfigSchema.safeParse(raw)
  if (!parsed.success) throw new InvalidRelayerConfigError(path, z.prettifyError(parsed.error))
  const config = parsed.data
  const args: StartRelayerArgs = {
    chains: config.chains.map((c) => ({
      name: c.name,
      eid: c.eid,
      rpcUrl: c.rpcUrl,
      endpoint: c.endpoint as Address,
      receiveLib: c.receiveLib as Address,
      dvn: c.dvn as Address,
      executor: c.executor as Address,
      ...(c.startBlock === undefined ? {} : { startBlock: BigInt(c.startBlock) }),
    })),
    dvnSignerKey: config.dvnSignerKey as Hex,
    executorAdminKey: config.executorAdminKey as Hex,
  }
  if (config.latencyMs !== undefined) args.latencyMs = config.latencyMs
  if (config.pollIntervalMs !== undefined) args.pollIntervalMs = config.pollIntervalMs
  if (config.faults !== undefined) {
    args.faults = Object.fromEntries(Object.entries(config.faults).filter(([, v]) => v !== undefined))
  }
  return args
}
