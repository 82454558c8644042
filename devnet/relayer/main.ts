/**
 * Devnet LayerZero relayer as a long-running process:
 *
 *   npx tsx devnet/relayer/main.ts --config relayer.json [--control-port 7777] [--latency-ms 500]
 *                                  [--delay-ms 2000] [--drop] [--low-gas]
 *
 * `relayer.json` follows `relayerConfigSchema` (relayer-config.ts); flags override its latency / faults.
 * With `--control-port`, faults change at runtime over HTTP (see control-server.ts):
 *
 *   curl -XPOST localhost:7777/faults -d '{"drop":true}'     curl localhost:7777/status/<guid>
 *
 * Logs go to stderr; SIGINT / SIGTERM stop it cleanly (exit 0). Exit 2 on an invalid config.
 */
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { describeError, NonRetryableError } from '../../lib/errors.js'
import { startRelayer } from './relayer.js'
import { loadRelayerConfig } from './relayer-config.js'

/** Parses the command line, starts the relayer and resolves when it was stopped by a signal. */
export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      'control-port': { type: 'string' },
      'latency-ms': { type: 'string' },
      'delay-ms': { type: 'string' },
      drop: { type: 'boolean' },
      'low-gas': { type: 'boolean' },
    },
  })
  if (!values.config) {
    console.error('usage: devnet/relayer/main.ts --config <relayer.json> [--control-port N] [...]')
    return 2
  }
  const args = loadRelayerConfig(values.config)
  if (values['latency-ms'] !== undefined) args.latencyMs = Number(values['latency-ms'])
  const faults = { ...args.faults }
  if (values['delay-ms'] !== undefined) faults.delayMs = Number(values['delay-ms'])
  if (values.drop) faults.drop = true
  if (values['low-gas']) faults.lowGas = true
  args.faults = faults
  if (values['control-port'] !== undefined) args.controlPort = Number(values['control-port'])
  args.log = (line) => console.error(`[relayer] ${line}`)

  const relayer = await startRelayer(args)
  console.error(
    `[relayer] watching ${args.chains.map((c) => c.name).join(', ')}${relayer.controlUrl ? `; control ${relayer.controlUrl}` : ''}`,
  )
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done())
    process.once('SIGTERM', () => done())
  })
  await relayer.stop()
  return 0
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      console.error(describeError(error))
      process.exitCode = error instanceof NonRetryableError ? 2 : 1
    },
  )
}
