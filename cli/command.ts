import { parseArgs } from 'node:util'
import { NonRetryableError } from '../lib/errors.js'

/** Where a command writes: stdout carries results only, stderr carries logs and errors. */
export type CommandIo = {
  stdout: (text: string) => void
  stderr: (text: string) => void
}

/** One `sll <name>` sub-command. */
export type Command = {
  name: string
  /** One line shown by `sll --help`. */
  summary: string
  /** Usage line(s) shown by `sll <name> --help`. */
  usage: string
  /** Runs the command and resolves to the process exit code. */
  run: (argv: string[], io: CommandIo) => Promise<number>
}

/** Exit code for invalid input (bad file, bad flag, schema violation). */
export const EXIT_INVALID_INPUT = 2
/** Exit code for a failure of the environment (server unreachable, RPC down). */
export const EXIT_FAILURE = 1

/** A command line that cannot be parsed. */
export class UsageError extends NonRetryableError {
  override readonly name = 'UsageError'
}

/**
 * Parses flags with `node:util` `parseArgs`, turning its errors into a {@link UsageError}
 * that quotes the usage line.
 */
export function parseFlags<T extends NonNullable<Parameters<typeof parseArgs>[0]>['options']>(
  argv: string[],
  spec: { options: T; usage: string; allowPositionals?: boolean },
) {
  try {
    return parseArgs({
      args: argv,
      options: spec.options,
      allowPositionals: spec.allowPositionals ?? false,
      strict: true,
    })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), {
      instruction: `usage: ${spec.usage}`,
    })
  }
}
