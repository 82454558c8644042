import { resolveProblem } from '../policies/allocation-problem.js'
import { loadPolicyFile } from '../policies/policy-file.js'
import { loadSnapshotFile } from '../policies/snapshot-file.js'
import { type Command, parseFlags, UsageError } from './command.js'
import { commandInfo } from './commands.js'

const { usage, summary } = commandInfo.policy

/** `sll policy check <file>`: validates a policy file and prints a summary. */
export const policyCommand: Command = {
  name: 'policy',
  summary,
  usage,
  run: async (argv, io) => {
    const { positionals, values } = parseFlags(argv, {
      usage,
      options: { snapshot: { type: 'string' } },
      allowPositionals: true,
    })
    const [sub, file, ...rest] = positionals
    if (sub !== 'check' || !file || rest.length > 0) {
      throw new UsageError(
        sub === 'check' ? 'expected exactly one policy file' : `unknown sub-command "${sub ?? ''}"`,
        {
          instruction: `usage: ${usage}`,
        },
      )
    }
    const { policy, sha256 } = await loadPolicyFile(file)
    const lines = [
      `${file}: valid policy "${policy.name}" (version ${policy.version})`,
      `sha256: ${sha256}`,
      `markets: ${policy.markets.length} (${policy.markets.map((m) => m.id).join(', ')})`,
      `groups: ${policy.groups.length ? policy.groups.map((g) => `${g.name} <= ${(g.maxShare * 100).toFixed(1)}%`).join(', ') : 'none'}`,
      `buffers: ${policy.buffers.length ? policy.buffers.map((b) => `${b.chain} >= ${b.minIdleUsd} USD`).join(', ') : 'none'}`,
      `moves: minMoveUsd ${policy.moves.minMoveUsd}, horizonDays ${policy.moves.horizonDays}${policy.moves.maxMovesPerCycle ? `, maxMovesPerCycle ${policy.moves.maxMovesPerCycle}` : ''}`,
      `approvals: ${policy.approvals ? `auto up to ${policy.approvals.autoApproveMaxUsd} USD, approvers ${policy.approvals.approvers.length ? policy.approvals.approvers.map((a) => `${a.id} (${a.address})`).join(', ') : '(none: no move above the limit can be approved)'}, threshold ${policy.approvals.threshold ?? 1}, timeout ${policy.approvals.timeout}` : 'none (every move waits for a human)'}`,
      `schedule: ${policy.schedule ? `every ${policy.schedule.interval}` : 'default'}`,
      `routes: ${policy.routes ? policy.routes.map((r) => `${r.from}${r.bidirectional ? '<->' : '->'}${r.to}${r.maxUsdPerDay !== undefined ? ` <= ${r.maxUsdPerDay} USD/day` : ''}`).join(', ') : 'all chain pairs'}`,
    ]
    if (values.snapshot) {
      // Also check the policy against markets: unknown ids and constraints that cannot all hold.
      const snapshot = await loadSnapshotFile(values.snapshot)
      const resolved = resolveProblem(snapshot, policy)
      const unlisted = resolved.markets.filter((m) => !m.inPolicy).map((m) => m.id)
      const held = resolved.breaches.map((b) =>
        b.kind === 'market'
          ? `${resolved.markets[b.market]!.id} (${b.limit})`
          : `group ${resolved.groups[b.group]!.name}`,
      )
      const bufferTotal = Object.values(resolved.buffers).reduce((sum, v) => sum + (v ?? 0), 0)
      if (resolved.liquid < bufferTotal - 1e-6) held.push('buffers (not enough liquid money)')
      lines.push(
        `snapshot ${values.snapshot}: every policy market exists, ` +
          (held.length
            ? `constraints hold except breaches (held at their floors, see sll plan): ${held.join(', ')}`
            : 'constraints can all hold') +
          (unlisted.length ? `; not in policy (will be emptied as cash allows): ${unlisted.join(', ')}` : ''),
      )
    }
    io.stdout(lines.join('\n'))
    return 0
  },
}
