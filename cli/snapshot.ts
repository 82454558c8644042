import type { Address } from 'viem'
import { type LiveSnapshotOptions, readLiveSnapshot } from '../activities/markets/live-snapshot.js'
import { type Command, parseFlags, UsageError } from './command.js'
import { commandInfo } from './commands.js'

const { usage, summary } = commandInfo.snapshot

/** Flags shared by `sll snapshot` and `sll markets`: network and operator overrides. */
export function liveOptionsFrom(
  values: { network?: string | undefined; operator?: string | undefined },
  usageLine: string,
) {
  const options: LiveSnapshotOptions = {}
  if (values.network !== undefined) {
    if (values.network !== 'devnet' && values.network !== 'production')
      throw new UsageError(`--network must be devnet or production, got "${values.network}"`, {
        instruction: `usage: ${usageLine}`,
      })
    options.network = values.network
  }
  if (values.operator !== undefined) {
    if (!/^0x[0-9a-fA-F]{40}$/.test(values.operator))
      throw new UsageError(`--operator must be a 0x address, got "${values.operator}"`, {
        instruction: `usage: ${usageLine}`,
      })
    options.operator = values.operator as Address
  }
  return options
}

/**
 * `sll snapshot`: reads the live markets of the six chains (devnet by default; `SLL_NETWORK=production`
 * with `SLL_RPC_<CHAIN>` URLs) and prints the spec snapshot JSON (the input of `sll plan --snapshot`).
 */
export const snapshotCommand: Command = {
  name: 'snapshot',
  summary,
  usage,
  run: async (argv, io) => {
    const { values } = parseFlags(argv, {
      usage,
      options: {
        network: { type: 'string' },
        operator: { type: 'string' },
        compact: { type: 'boolean', default: false },
      },
    })
    const snapshot = await readLiveSnapshot(liveOptionsFrom(values, usage))
    io.stdout(JSON.stringify(snapshot, null, values.compact ? undefined : 2))
    return 0
  },
}
