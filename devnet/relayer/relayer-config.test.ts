import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { InvalidRelayerConfigError, loadRelayerConfig } from './relayer-config.js'

const dir = mkdtempSync(join(tmpdir(), 'relayer-config-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const chain = (name: string, eid: number) => ({
  name,
  eid,
  rpcUrl: 'http://127.0.0.1:8545',
  endpoint: '0x1111111111111111111111111111111111111111',
  receiveLib: '0x2222222222222222222222222222222222222222',
  dvn: '0x3333333333333333333333333333333333333333',
  executor: '0x4444444444444444444444444444444444444444',
})
const key = `0x${'11'.repeat(32)}`

function write(name: string, value: unknown): string {
  const path = join(dir, name)
  writeFileSync(path, JSON.stringify(value))
  return path
}

describe('loadRelayerConfig', () => {
  test('default', () => {
    const path = write('ok.json', {
      chains: [{ ...chain('ethereum', 30101), startBlock: '12' }, chain('base', 30184)],
      dvnSignerKey: key,
      executorAdminKey: key,
      latencyMs: 250,
      faults: { drop: true },
    })
    const args = loadRelayerConfig(path)
    expect(args.chains[0]?.startBlock).toBe(12n)
    expect(args.chains[1]?.startBlock).toBeUndefined()
    expect(args.latencyMs).toBe(250)
    expect(args.faults).toEqual({ delayMs: 0, drop: true, lowGas: false })
  })

  test('error: rejects a bad address with the file path', () => {
    const path = write('bad.json', {
      chains: [{ ...chain('ethereum', 30101), dvn: '0x12' }, chain('base', 30184)],
      dvnSignerKey: key,
      executorAdminKey: key,
    })
    expect(() => loadRelayerConfig(path)).toThrow(InvalidRelayerConfigError)
    expect(() => loadRelayerConfig(path)).toThrow(/bad\.json/)
  })

  test('error: rejects a missing file', () => {
    expect(() => loadRelayerConfig(join(dir, 'missing.json'))).toThrow(InvalidRelayerConfigError)
  })
})
