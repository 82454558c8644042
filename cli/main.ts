import { describeError, NonRetryableError } from '../lib/errors.js'
import { type Command, type CommandIo, EXIT_FAILURE, EXIT_INVALID_INPUT } from './command.js'
import { approveCommand, rejectCommand } from './decide.js'
import { marketsCommand } from './markets.js'
import { pauseCommand, resumeCommand } from './pause.js'
import { planCommand } from './plan.js'
import { policyCommand } from './policy-check.js'
import { rebalanceCommand } from './rebalance.js'
import { snapshotCommand } from './snapshot.js'
import { statusCommand } from './status.js'

/** Every `sll` sub-command. Add a command by adding its module here. */
const commands: Command[] = [
  planCommand,
  policyCommand,
  marketsCommand,
  snapshotCommand,
  rebalanceCommand,
  statusCommand,
  approveCommand,
  rejectCommand,
  pauseCommand,
  resumeCommand,
]

const defaultIo: CommandIo = {
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
}

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4)
  return [
    'sll: operator CLI of sll-orchestrator',
    '',
    'usage: sll <command> [options]   (sll <command> --help for details)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n')
}

/**
 * Runs `sll` with the given arguments and resolves to the exit code. Errors become one readable
 * message on stderr (exit 2 for invalid input, 1 otherwise); stdout stays clean.
 */
export async function main(argv: string[], io: CommandIo = defaultIo): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help())
    return 0
  }
  const command = commands.find((c) => c.name === name)
  if (!command) {
    io.stderr(`sll: unknown command "${name}"\n\n${help()}`)
    return EXIT_INVALID_INPUT
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.summary}\n\nusage: ${command.usage}`)
    return 0
  }
  try {
    return await command.run(rest, io)
  } catch (error) {
    io.stderr(`sll ${name}: ${describeError(error)}`)
    if (process.env.SLL_DEBUG) io.stderr(String((error as Error)?.stack))
    return error instanceof NonRetryableError ? EXIT_INVALID_INPUT : EXIT_FAILURE
  }
}
