import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { keccak256 } from 'viem'
import { expect, test } from 'vitest'
import {
  appendJournalEntry,
  findJournalEntry,
  highestJournaledNonce,
  type JournalEntry,
  journalPaths,
  readJournal,
  resolveJournalDir,
} from './journal.js'

const signer = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

function entry(key: string, nonce: number): JournalEntry {
  const raw = `0x02${nonce.toString(16).padStart(8, '0')}` as const
  return {
    v: 1,
    key,
    chainId: 1,
    signer,
    nonce,
    hash: keccak256(raw),
    raw,
    signedAt: '2026-01-01T00:00:00.000Z',
  }
}

test('default: appended entries are read back in order, per (chain, signer) file', () => {
  const paths = journalPaths(mkdtempSync(join(tmpdir(), 'sll-journal-')), 'base', signer)
  expect(paths.journal).toMatch(/base-0x70997970c51812dc3a010c7d01b50e0d17dc79c8\.jsonl$/)
  expect(paths.lock).toMatch(/base-0x70997970c51812dc3a010c7d01b50e0d17dc79c8\.lock$/)
  expect(readJournal(paths.journal)).toEqual([])
  appendJournalEntry(paths, entry('wf/a', 3))
  appendJournalEntry(paths, entry('wf/b', 4))
  const entries = readJournal(paths.journal)
  expect(entries.map((e) => e.key)).toEqual(['wf/a', 'wf/b'])
  expect(findJournalEntry(entries, 'wf/b')?.nonce).toBe(4)
  expect(findJournalEntry(entries, 'wf/c')).toBeUndefined()
  expect(highestJournaledNonce(entries)).toBe(4)
  expect(highestJournaledNonce([])).toBe(-1)
})

test('behavior: a torn last line (crash during write) is skipped and the next append starts a new line', () => {
  const paths = journalPaths(mkdtempSync(join(tmpdir(), 'sll-journal-')), 'base', signer)
  appendJournalEntry(paths, entry('wf/a', 1))
  appendFileSync(paths.journal, JSON.stringify(entry('wf/torn', 2)).slice(0, 40))
  expect(readJournal(paths.journal).map((e) => e.key)).toEqual(['wf/a'])
  appendJournalEntry(paths, entry('wf/b', 2))
  expect(readJournal(paths.journal).map((e) => e.key)).toEqual(['wf/a', 'wf/b'])
  expect(readFileSync(paths.journal, 'utf8').split('\n')).toHaveLength(4)
})

test('behavior: an entry whose hash does not match its raw bytes is ignored', () => {
  const paths = journalPaths(mkdtempSync(join(tmpdir(), 'sll-journal-')), 'base', signer)
  appendJournalEntry(paths, { ...entry('wf/a', 1), hash: keccak256('0x01') })
  expect(readJournal(paths.journal)).toEqual([])
})

test('behavior: the directory comes from the argument, then SLL_TX_JOURNAL_DIR, then .sll-state/tx-journal', () => {
  expect(resolveJournalDir('/tmp/x', { SLL_TX_JOURNAL_DIR: '/tmp/y' })).toBe('/tmp/x')
  expect(resolveJournalDir(undefined, { SLL_TX_JOURNAL_DIR: '/tmp/y' })).toBe('/tmp/y')
  expect(resolveJournalDir(undefined, {})).toBe(join(process.cwd(), '.sll-state/tx-journal'))
})
