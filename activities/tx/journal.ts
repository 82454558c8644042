import {
  closeSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  writeSync,
} from 'node:fs'
import { join, resolve } from 'node:path'
import { type Address, type Hex, keccak256 } from 'viem'

/** Env var overriding the journal directory. */
export const JOURNAL_DIR_ENV = 'SLL_TX_JOURNAL_DIR'
/** Default journal directory, relative to the working directory. */
export const DEFAULT_JOURNAL_DIR = '.sll-state/tx-journal'

/** One signed transaction, written (and fsynced) before it is broadcast. Append-only: never rewritten. */
export type JournalEntry = {
  v: 1
  /** Idempotency key, e.g. `<workflowId>/<step>`. At most one entry per key. */
  key: string
  chainId: number
  signer: Address
  nonce: number
  hash: Hex
  /** The signed transaction bytes: re-broadcast verbatim, never re-signed. */
  raw: Hex
  signedAt: string
}

/**
 * Written (fsynced) once a journaled tx reached its confirmation depth. The latest one is used to check that
 * the journal belongs to the chain the RPC serves (a devnet restarted from the same state dump does not).
 */
export type ConfirmationEntry = {
  v: 1
  kind: 'confirmed'
  key: string
  hash: Hex
  blockNumber: string
  blockHash: Hex
  confirmedAt: string
}

/** Files of one (chain, signer): the JSONL journal and the single-owner lock file. */
export type JournalPaths = { dir: string; journal: string; lock: string }

/** The journal directory: explicit argument, else `SLL_TX_JOURNAL_DIR`, else `.sll-state/tx-journal`. */
export function resolveJournalDir(dir?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(dir ?? env[JOURNAL_DIR_ENV] ?? DEFAULT_JOURNAL_DIR)
}

/** Paths of the journal and lock file of one (chain, signer), e.g. `base-0xabc….jsonl` / `.lock`. */
export function journalPaths(dir: string, chainName: string, signer: Address): JournalPaths {
  const base = `${chainName}-${signer.toLowerCase()}`
  return { dir, journal: join(dir, `${base}.jsonl`), lock: join(dir, `${base}.lock`) }
}

function isConfirmation(value: unknown): value is ConfirmationEntry {
  if (typeof value !== 'object' || value === null) return false
  const e = value as Record<string, unknown>
  return e.v === 1 && e.kind === 'confirmed' && typeof e.key === 'string' && typeof e.hash === 'string'
}

function isEntry(value: unknown): value is JournalEntry {
  if (typeof value !== 'object' || value === null) return false
  const e = value as Record<string, unknown>
  return (
    e.v === 1 &&
    e.kind === undefined &&
    typeof e.key === 'string' &&
    typeof e.chainId === 'number' &&
    typeof e.signer === 'string' &&
    typeof e.nonce === 'number' &&
    typeof e.hash === 'string' &&
    typeof e.raw === 'string' &&
    keccak256(e.raw as Hex) === e.hash
  )
}

/** Signed entries of a journal file (see {@link readJournalFile}). */
export function readJournal(file: string): JournalEntry[] {
  return readJournalFile(file).signed
}

/**
 * Reads all complete records. A line that does not parse is a write torn by a crash: its fsync never
 * returned, so that tx was never broadcast, and skipping it is safe.
 */
export function readJournalFile(file: string): { signed: JournalEntry[]; confirmed: ConfirmationEntry[] } {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { signed: [], confirmed: [] }
    throw error
  }
  const entries: JournalEntry[] = []
  const confirmed: ConfirmationEntry[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    try {
      const parsed: unknown = JSON.parse(line)
      if (isEntry(parsed)) entries.push(parsed)
      else if (isConfirmation(parsed)) confirmed.push(parsed)
    } catch {
      // torn write (see above)
    }
  }
  return { signed: entries, confirmed }
}

/** The entry of an idempotency key, if one was ever written. */
export function findJournalEntry(entries: readonly JournalEntry[], key: string): JournalEntry | undefined {
  return entries.find((entry) => entry.key === key)
}

/** Highest nonce in the journal, or -1 when empty. */
export function highestJournaledNonce(entries: readonly JournalEntry[]): number {
  return entries.reduce((max, entry) => Math.max(max, entry.nonce), -1)
}

/**
 * Appends one entry and fsyncs the file (and the directory when the file is new) before returning.
 * Starts on a fresh line if an earlier write was torn.
 */
export function appendJournalEntry(paths: JournalPaths, entry: JournalEntry | ConfirmationEntry): void {
  mkdirSync(paths.dir, { recursive: true })
  const fd = openSync(paths.journal, 'a+', 0o600)
  let isNew = false
  try {
    const size = fstatSync(fd).size
    isNew = size === 0
    let separator = ''
    if (!isNew) {
      const last = Buffer.alloc(1)
      readSync(fd, last, 0, 1, size - 1)
      if (last[0] !== 0x0a) separator = '\n'
    }
    writeSync(fd, `${separator}${JSON.stringify(entry)}\n`)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  if (isNew) fsyncDirectory(paths.dir)
}

function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
