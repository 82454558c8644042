import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { snapshotSchema } from '../policies/snapshot.js'
import { UsageError } from './command.js'
import { formatMarketsTable, marketsCommand } from './markets.js'
import { liveOptionsFrom, snapshotCommand } from './snapshot.js'

const example = snapshotSchema.parse(
  JSON.parse(readFileSync(new URL('../policies/fixtures/example-snapshot.json', import.meta.url), 'utf8')),
)

const io = () => {
  const out: string[] = []
  const err: string[] = []
  return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) } }
}

describe('formatMarketsTable', () => {
  test('default', () => {
    const table = formatMarketsTable(example)
    const lines = table.split('\n')
    expect(lines[0]).toMatch(/^chain\s+venue\s+APR\s+util\s+position\s+total supply\s+supply cap$/)
    expect(lines).toHaveLength(2 + example.markets.length + example.idle.length)
    // ethereum/sparklend/USDS: U = 1.95/2.4 = 0.8125 below the 0.9 kink: 0.0525 * 0.8125 / 0.9 * 0.8125 = 3.85%
    expect(table).toMatch(
      /ethereum\/sparklend\/USDS\s+3\.85%\s+81\.25%\s+600,000,000\.00\s+2,400,000,000\.00\s+4,000,000,000\.00/,
    )
    expect(table).toMatch(/ethereum\/savings\/sUSDS\s+4\.50%\s+-\s+400,000,000\.00/)
    expect(table).toMatch(/ethereum\/morpho\/spark-usdc .* none$/m)
    expect(table).toMatch(/idle:base\s+-\s+-\s+5,000,000\.00/)
  })

  test('behavior: with a rateLimits section, a column says what each deposit key allows now', () => {
    const key = (market: string, over: Record<string, unknown>) => ({
      key: `0x${'1'.repeat(64)}`,
      chain: 'ethereum' as const,
      guards: { action: 'deposit' as const, market },
      unlimited: false,
      decimals: 18,
      usdPerToken: 1,
      maxAmount: '5000000000000000000000000',
      slope: '0',
      lastAmount: '1250000000000000000000',
      lastUpdated: '10',
      readAt: '10',
      ...over,
    })
    const table = formatMarketsTable({
      ...example,
      rateLimits: {
        version: 1,
        keys: [
          key('ethereum/sparklend/USDS', {}),
          key('ethereum/aave/USDS', { maxAmount: '0', lastAmount: '0' }),
          key('ethereum/savings/sUSDS', { unlimited: true, maxAmount: (2n ** 256n - 1n).toString() }),
        ],
      },
    })
    expect(table.split('\n')[0]).toMatch(/supply cap\s+deposit limit now$/)
    expect(table).toMatch(/ethereum\/sparklend\/USDS .* 1,250\.00$/m)
    expect(table).toMatch(/ethereum\/aave\/USDS .* unset$/m)
    expect(table).toMatch(/ethereum\/savings\/sUSDS .* unlimited$/m)
    expect(table).toMatch(/ethereum\/morpho\/spark-usdc .* -$/m)
  })
})

describe('sll markets / sll snapshot flags', () => {
  test('behavior: --network and --operator become reader options', () => {
    expect(
      liveOptionsFrom({ network: 'production', operator: '0x8a25A24EDE9482C4Fc0738F99611BE58F1c839AB' }, 'u'),
    ).toEqual({
      network: 'production',
      operator: '0x8a25A24EDE9482C4Fc0738F99611BE58F1c839AB',
    })
    expect(liveOptionsFrom({}, 'u')).toEqual({})
  })

  test('error: a bad network, operator or flag is a usage error (nothing on stdout)', async () => {
    for (const command of [marketsCommand, snapshotCommand]) {
      const { out, io: sink } = io()
      await expect(command.run(['--network', 'mainnet'], sink)).rejects.toThrow(UsageError)
      await expect(command.run(['--operator', '0x12'], sink)).rejects.toThrow(
        /--operator must be a 0x address/,
      )
      await expect(command.run(['--bogus'], sink)).rejects.toThrow(UsageError)
      expect(out).toEqual([])
    }
  })
})
