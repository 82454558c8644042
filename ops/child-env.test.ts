import { existsSync, readFileSync } from 'node:fs'
import { afterEach, describe, expect, test } from 'vitest'
import { splitSignerEnv, withholdSignerKey, workerEnv } from './child-env.js'
import { ProcessGroup } from './process-group.js'

const key = `0x${'ab'.repeat(32)}`

describe('child env of npm start', () => {
  test('default: the signer key is split off; the shared part keeps everything else', () => {
    const env = { PATH: '/bin', SLL_SIGNER_KEY: key, SLL_SIGNER_KEY_FILE: '/k', SLL_POLICY: 'p.yaml' }
    const { shared, signer } = splitSignerEnv(env)
    expect(shared).toEqual({ PATH: '/bin', SLL_POLICY: 'p.yaml' })
    expect(signer).toEqual({ SLL_SIGNER_KEY: key, SLL_SIGNER_KEY_FILE: '/k' })
    expect(env.SLL_SIGNER_KEY).toBe(key) // pure: the input is not changed
  })

  test('behavior: only the worker env carries the key; settings cannot smuggle it elsewhere', () => {
    const signer = { SLL_SIGNER_KEY: key }
    const env = workerEnv({ PATH: '/bin', SLL_SIGNER_KEY_FILE: '/stale' }, { signer, settings: { A: '1' } })
    expect(env).toEqual({ PATH: '/bin', A: '1', SLL_SIGNER_KEY: key })
    expect(splitSignerEnv({ PATH: '/bin' }).signer).toEqual({})
  })

  const saved = { ...process.env }
  afterEach(() => {
    for (const k of ['SLL_SIGNER_KEY', 'SLL_SIGNER_KEY_FILE']) {
      if (saved[k] === undefined) delete process.env[k]
      else process.env[k] = saved[k]
    }
  })

  test.skipIf(!existsSync('/proc/self/environ'))(
    'behavior: after withholdSignerKey a spawned child has no key in /proc/<pid>/environ; the worker has it',
    async () => {
      process.env.SLL_SIGNER_KEY = key
      const signer = withholdSignerKey(process.env)
      expect(process.env.SLL_SIGNER_KEY).toBeUndefined()
      const group = new ProcessGroup()
      const sleep = ['-e', 'setTimeout(() => {}, 30000)']
      try {
        // A child spawned the way devnet / relayer / Temporal server children are: inheriting our env.
        const other = group.spawn('devnet-like', process.execPath, sleep)
        const worker = group.spawn('worker', process.execPath, sleep, {
          env: workerEnv(process.env, { signer, settings: { SLL_TX_JOURNAL_DIR: '/tmp/j' } }),
        })
        const environ = (pid: number) => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')
        expect(environ(other.pid).filter((v) => v.startsWith('SLL_SIGNER_KEY'))).toEqual([])
        expect(environ(worker.pid)).toContain(`SLL_SIGNER_KEY=${key}`)
      } finally {
        await group.stopAll(1_000)
      }
    },
  )
})
