import { resolve } from 'node:path'
import { formatSetupReport, setupNamespace } from '../ops/setup.js'
import { loadPolicyFile } from '../policies/policy-file.js'
import { type Command, parseFlags, UsageError } from './command.js'
import { commandInfo } from './commands.js'
import { connectClient } from './temporal-client.js'

const { usage, summary } = commandInfo.setup

/**
 * `sll setup`: makes the configured namespace ready for the orchestrator on any Temporal server: the
 * namespace (with `--create-namespace`), the search attributes, and the allocation schedule of the policy.
 * Prints what it found and what it changed; a second run prints "no changes" and writes nothing.
 */
export const setupCommand: Command = {
  name: 'setup',
  summary,
  usage,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      usage,
      options: {
        policy: { type: 'string' },
        'create-namespace': { type: 'boolean' },
        'retention-days': { type: 'string' },
        json: { type: 'boolean' },
      },
    })
    const retention = values['retention-days']
    const retentionDays = retention === undefined ? 30 : Number(retention)
    if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 3650) {
      throw new UsageError(
        `--retention-days ${JSON.stringify(retention)}: must be a whole number of days, 1..3650`,
        {
          instruction: `usage: ${usage}`,
        },
      )
    }
    const policyPath = resolve(values.policy ?? process.env.SLL_POLICY ?? 'policies/devnet.yaml')
    const { policy, ref } = await loadPolicyFile(policyPath) // exits 2 with file:line:column on a bad policy
    const interval = policy.schedule?.interval ?? '15m'
    const { client, connection, config, close } = await connectClient()
    try {
      const report = await setupNamespace(connection, client, config, {
        policyPath,
        interval,
        createNamespace: values['create-namespace'] === true,
        retentionDays,
      })
      if (values.json) io.stdout(JSON.stringify({ address: config.address, policy: ref, ...report }, null, 2))
      else {
        io.stderr(`Temporal ${config.address}, policy ${ref.name} (sha256 ${ref.sha256.slice(0, 12)})`)
        for (const line of formatSetupReport(report, { policyPath, interval })) io.stdout(line)
      }
      return 0
    } finally {
      await close()
    }
  },
}
