import { describeError, NonRetryableError } from '../lib/errors.js'
import { escapeControlChars } from '../lib/safe-text.js'
import { type Command, type CommandIo, EXIT_FAILURE, EXIT_INVALID_INPUT } from './command.js'
import { type CommandName, commandInfo, isCommandName } from './commands.js'

/**
 * Where each command's code is. Imported only when the command runs, so `sll --help` and `sll status`
 * do not pay for viem, zod or yaml they do not use. Add a command here and in `commands.ts`.
 */
const commands: Record<CommandName, () => Promise<Command>> = {
  plan: async () => (await import('./plan.js')).planCommand,
  policy: async () => (await import('./policy-check.js')).policyCommand,
  markets: async () => (await import('./markets.js')).marketsCommand,
  limits: async () => (await import('./limits.js')).limitsCommand,
  snapshot: async () => (await import('./snapshot.js')).snapshotCommand,
  rebalance: async () => (await import('./rebalance.js')).rebalanceCommand,
  status: async () => (await import('./status.js')).statusCommand,
  report: async () => (await import('./report.js')).reportCommand,
  approve: async () => (await import('./decide.js')).approveCommand,
  reject: async () => (await import('./decide.js')).rejectCommand,
  pause: async () => (await import('./pause.js')).pauseCommand,
  resume: async () => (await import('./pause.js')).resumeCommand,
  setup: async () => (await import('./setup.js')).setupCommand,
}

const defaultIo: CommandIo = {
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
}

function help(): string {
  const names = Object.keys(commandInfo) as CommandName[]
  const width = Math.max(...names.map((name) => name.length), 4)
  return [
    'sll: operator CLI of sll-orchestrator',
    '',
    'usage: sll <command> [options]   (sll <command> --help for details)',
    '',
    ...names.map((name) => `  ${name.padEnd(width)}  ${commandInfo[name].summary}`),
  ].join('\n')
}

/**
 * Everything a command prints may quote untrusted strings (snapshot ids, approver ids, reasons, file
 * names): control characters are escaped on the way out (as `\uXXXX`, which keeps JSON output valid).
 */
const safeIo = (io: CommandIo): CommandIo => ({
  stdout: (text) => io.stdout(escapeControlChars(text, { keepNewlines: true })),
  stderr: (text) => io.stderr(escapeControlChars(text, { keepNewlines: true })),
})

/**
 * Runs `sll` with the given arguments and resolves to the exit code. Errors become one readable
 * message on stderr (exit 2 for invalid input, 1 otherwise); stdout stays clean.
 */
export async function main(argv: string[], rawIo: CommandIo = defaultIo): Promise<number> {
  const io = safeIo(rawIo)
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help())
    return 0
  }
  if (!isCommandName(name)) {
    io.stderr(`sll: unknown command "${name}"\n\n${help()}`)
    return EXIT_INVALID_INPUT
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    const info = commandInfo[name]
    io.stdout(`${info.summary}\n\nusage: ${info.usage}`)
    return 0
  }
  try {
    const command = await commands[name]()
    return await command.run(rest, io)
  } catch (error) {
    io.stderr(`sll ${name}: ${describeError(error)}`)
    if (process.env.SLL_DEBUG) io.stderr(String((error as Error)?.stack))
    return error instanceof NonRetryableError ? EXIT_INVALID_INPUT : EXIT_FAILURE
  }
}
