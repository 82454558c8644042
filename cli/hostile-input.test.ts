import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { hasControlChars } from '../lib/safe-text.js'
import { main } from './main.js'

const dir = mkdtempSync(join(tmpdir(), 'sll-hostile-'))
const snapshot = new URL('../policies/fixtures/example-snapshot.json', import.meta.url).pathname

async function run(argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) })
  return { code, stdout: out.join(''), stderr: err.join('') }
}

function file(name: string, text: string): string {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}

const minimal = 'version: 1\nname: x\nmarkets:\n  - id: ethereum/sparklend/USDS\n'

test('error: an alias bomb exits 2 with file:line:column, prints nothing on stdout, plans nothing', async () => {
  let text = `${minimal}a: &a [x, x, x, x, x, x, x, x, x]\n`
  for (const [prev, name] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi'])
    text += `${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]\n`
  const path = file('bomb.yaml', text)
  const r = await run(['plan', '--policy', path, '--snapshot', snapshot, '--json'])
  expect(r.code).toBe(2)
  expect(r.stdout).toBe('')
  expect(r.stderr).toContain(`sll plan: ${path}:6:8: aliases expand to too many nodes`)
})

test('error: "1" and 400 zeros as autoApproveMaxUsd exits 2 instead of "auto up to Infinity USD"', async () => {
  const path = file('inf.yaml', `${minimal}approvals:\n  autoApproveMaxUsd: "1${'0'.repeat(400)}"\n`)
  const r = await run(['policy', 'check', path])
  expect(r.code).toBe(2)
  expect(r.stdout).toBe('')
  expect(r.stderr).toMatch(
    /inf\.yaml:6:22 at approvals\.autoApproveMaxUsd: must be a finite amount of at most 1e15 USD/,
  )
})

test('error: an approver id with ANSI / OSC escapes exits 2 and nothing raw reaches the terminal', async () => {
  const path = file(
    'esc\u001b[31m.yaml',
    `${minimal}approvals:\n  autoApproveMaxUsd: 1\n  approvers:\n    - { id: "ops-\\e[2J\\e]0;pwned\\a\\x9b", address: "0xFABB0ac9d68B0B445fB7357272Ff202C5651694a" }\n`,
  )
  const r = await run(['policy', 'check', path])
  expect(r.code).toBe(2)
  expect(r.stderr).toMatch(
    /esc\\u001b\[31m\.yaml:8:13 at approvals\.approvers\[0\]\.id: must be an id of letters/,
  )
  expect(r.stderr.replaceAll('\n', ' ')).toSatisfy((s: string) => !hasControlChars(s))
})
