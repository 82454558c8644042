import type { Command } from './command.js'

/** What `sll --help` and `sll <name> --help` print about a command, without loading its code. */
export type CommandInfo = Pick<Command, 'summary' | 'usage'>

/**
 * Every `sll` sub-command's help text, in `sll --help` order. This module imports nothing heavy: the help
 * screens are printed from it alone, and each command's module (with viem, the Temporal client, zod, yaml)
 * is imported by `main.ts` only when that command runs.
 */
export const commandInfo = {
  plan: {
    summary: 'Plan the allocation for a policy and a market snapshot (or the live markets)',
    usage: 'sll plan --policy <policy.yaml> [--snapshot <snapshot.json>] [--json]',
  },
  policy: {
    summary: 'Policy files: `sll policy check <file> [--snapshot s.json]` validates one and prints a summary',
    usage: 'sll policy check <policy.yaml> [--snapshot <snapshot.json>]',
  },
  markets: {
    summary: 'Show the live markets of the six chains: APR, utilization, our position, caps',
    usage: 'sll markets [--network devnet|production] [--operator <address>]',
  },
  limits: {
    summary:
      'rate-limit keys per chain: capacity now, max, slope/day, time to full, what the last plan draws',
    usage:
      'sll limits [--snapshot <snapshot.json>] [--plan <plan.json>] [--json] [--network devnet|production] [--operator <address>]',
  },
  snapshot: {
    summary: 'Print the live market snapshot JSON of the six chains (devnet by default)',
    usage: 'sll snapshot [--network devnet|production] [--operator <address>] [--compact]',
  },
  rebalance: {
    summary: 'run an allocation cycle now, print the plan and follow its moves',
    usage: 'sll rebalance [--policy <file>] [--dry-run] [--no-follow] [--as <operator-id>]',
  },
  status: {
    summary: 'current plans, pending approvals, moves in flight, pause state',
    usage: 'sll status [<plan-id>] [--json]',
  },
  report: {
    summary: 'planned vs realised APR (capture ratio), money moved, gas and bridge fees, moves by outcome',
    usage: 'sll report [--since <duration, default 24h>] [--json]',
  },
  approve: {
    summary: 'approve a move that waits for approval',
    usage:
      'sll approve <plan-id> <move-index> [--key-file <path>] [--deadline 10m] [--amount <usd>] [--from <end>] [--to <end>] [--policy-sha <sha>]',
  },
  reject: {
    summary: 'reject a move that waits for approval',
    usage:
      'sll reject <plan-id> <move-index> [--key-file <path>] [--deadline 10m] [--reason <text>] [--amount <usd>] [--from <end>] [--to <end>] [--policy-sha <sha>]',
  },
  pause: {
    summary: 'stop all new transactions (schedule paused, running cycles and moves signalled)',
    usage: 'sll pause [--key-file <path>] [--policy <file>] [--reason <text>]',
  },
  resume: {
    summary: 'allow transactions again after `sll pause`',
    usage: 'sll resume [--key-file <path>] [--policy <file>]',
  },
  setup: {
    summary: 'make the Temporal namespace ready: search attributes, allocation schedule (idempotent)',
    usage:
      'sll setup [--policy <file>] [--create-namespace] [--retention-days <n>] [--json]\n' +
      '  against TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE; prints each change, or "no changes"',
  },
} as const satisfies Record<string, CommandInfo>

/** Name of an `sll` sub-command. */
export type CommandName = keyof typeof commandInfo

/** Whether `name` is an `sll` sub-command. */
export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commandInfo, name)
}
