import pino, { type Logger } from 'pino'

/** Paths pino redacts everywhere: secrets never reach a log line. */
export const redactedPaths = [
  'privateKey',
  '*.privateKey',
  'key',
  '*.key',
  'signerKey',
  '*.signerKey',
  'mnemonic',
  '*.mnemonic',
  'headers.authorization',
  '*.rpcUrl',
  'rpcUrl',
]

/**
 * Creates the process's root logger: JSON lines, pretty-printed when stderr is a TTY.
 * Logs go to stderr so that CLI stdout stays machine-readable.
 */
export function createRootLogger(options: { name: string; level?: string; pretty?: boolean }): Logger {
  const pretty = options.pretty ?? process.stderr.isTTY === true
  const base = {
    name: options.name,
    level: options.level ?? process.env.SLL_LOG_LEVEL ?? 'info',
    redact: { paths: redactedPaths, censor: '[redacted]' },
  }
  if (pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } },
    })
  }
  return pino(base, pino.destination(2))
}

export type { Logger }
