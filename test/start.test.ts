import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client, Connection } from '@temporalio/client'
import { expect, test } from 'vitest'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

test('default: npm start brings up devnet, Temporal (Web UI) and a polling worker, and Ctrl-C stops all of it', async () => {
  const [port, uiPort] = [await freePort(), await freePort()]
  const dir = mkdtempSync(join(tmpdir(), 'sll-start-'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
      TEMPORAL_UI_PORT: String(uiPort),
      SLL_TASK_QUEUE: 'start-test',
      SLL_DEVNET_PORT_BASE: '24545',
      SLL_RELAYER_CONTROL_PORT: '0',
      SLL_CCTP_ATTESTATION_PORT: '0',
      SLL_TEMPORAL_DB: join(dir, 'dev.db'),
      SLL_STATE_DIR: join(dir, 'state'),
      SLL_LOG_LEVEL: 'warn',
      SLL_METRICS_PORT: '0',
      SLL_TEMPORAL_METRICS_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  for (const stream of [child.stdout, child.stderr])
    stream?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  try {
    const deadline = Date.now() + 120_000
    while (!output.includes('press Ctrl-C to stop everything')) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`npm start did not come up:\n${output}`)
      await new Promise((r) => setTimeout(r, 200))
    }
    expect(output).toContain(`Temporal Web UI: http://127.0.0.1:${uiPort}`)
    expect((await fetch(`http://127.0.0.1:${uiPort}/`)).status).toBe(200)

    const connection = await Connection.connect({ address: `127.0.0.1:${port}` })
    try {
      const client = new Client({ connection })
      let pollers = 0
      for (let i = 0; i < 100 && pollers === 0; i++) {
        const described = await client.workflowService.describeTaskQueue({
          namespace: 'default',
          taskQueue: { name: 'start-test' },
          taskQueueType: 1,
        })
        pollers = described.pollers?.length ?? 0
        if (pollers === 0) await new Promise((r) => setTimeout(r, 200))
      }
      expect(pollers).toBeGreaterThan(0)
      // The metrics endpoints, printed next to the Web UI URL (port 0: resolved by npm start).
      const [sll, sdk] = [
        ...(/metrics: (http:\S+) \(sll_\*\), (http:\S+) \(temporal_\*/.exec(output) ?? []),
      ].slice(1)
      expect(sll, output).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)
      expect(await (await fetch(sll as string)).text()).toMatch(/^# TYPE sll_moves gauge$/m)
      expect(await (await fetch(sdk as string)).text()).toMatch(/^temporal_/m)
      expect((await client.schedule.getHandle('sll-allocation-cycle').describe()).state.paused).toBe(false)
    } finally {
      await connection.close()
    }
  } finally {
    child.kill('SIGINT')
    expect(await exited).toBe(0)
  }
  const stopping = /SIGINT: stopping (.*)/.exec(output)?.[1] ?? ''
  const pids = [...stopping.matchAll(/\d{2,}/g)].map((m) => Number(m[0]))
  expect(pids.length).toBeGreaterThanOrEqual(8) // temporal, worker, six anvils
  expect(pids.filter(alive)).toEqual([])
})
