/**
 * Benchmark of `submitTransaction` on one local anvil (automine): sequential and concurrent submits from
 * one signer, idempotent replays of mined keys, and the journal's fsync append alone.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Address, encodeFunctionData, erc20Abi, keccak256 } from 'viem'
import { appendJournalEntry, journalPaths } from '../activities/tx/journal.js'
import { loadSigner } from '../activities/tx/signer.js'
import { type SubmitTransactionInput, submitTransaction } from '../activities/tx/submit.js'
import { anvilAccount, anvilKeys, deployMintableErc20, startAnvil } from '../activities/tx/testing/anvil.js'

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
  return `p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, n=${samples.length}`
}

/** Runs the suite and prints one line per measurement. */
export async function run(): Promise<void> {
  const anvil = await startAnvil({ name: 'bench' })
  const dir = mkdtempSync(join(tmpdir(), 'sll-bench-tx-'))
  try {
    const signer = loadSigner({ SLL_SIGNER_KEY: anvilKeys[0] })
    const token: Address = await deployMintableErc20(anvil.endpoint, anvilAccount(1), [signer.address])
    const recipient = anvilAccount(3).address
    const input = (key: string): SubmitTransactionInput => ({
      chain: anvil.endpoint,
      idempotencyKey: key,
      to: token,
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [recipient, 1n] }),
    })
    await submitTransaction(input('warmup'), { signer, journalDir: dir })

    const sequential: number[] = []
    for (let i = 0; i < 50; i++) {
      const t = performance.now()
      await submitTransaction(input(`seq/${i}`), { signer, journalDir: dir })
      sequential.push(performance.now() - t)
    }
    console.log(`sequential submit (simulate, sign, 2x fsync, send, receipt): ${stats(sequential)}`)

    const replays: number[] = []
    for (let i = 0; i < 50; i++) {
      const t = performance.now()
      await submitTransaction(input(`seq/${i}`), { signer, journalDir: dir })
      replays.push(performance.now() - t)
    }
    console.log(`idempotent replay of a mined key (journal hit, receipt lookup): ${stats(replays)}`)

    const count = 20
    const t = performance.now()
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        submitTransaction(input(`conc/${i}`), { signer, journalDir: dir }),
      ),
    )
    const total = performance.now() - t
    console.log(
      `${count} concurrent submits, one signer: ${total.toFixed(0)} ms total, ${(total / count).toFixed(1)} ms/tx`,
    )

    const paths = journalPaths(join(dir, 'fsync'), 'bench', signer.address)
    const appends: number[] = []
    for (let i = 0; i < 50; i++) {
      const raw = `0x02${i.toString(16).padStart(8, '0')}` as const
      const a = performance.now()
      appendJournalEntry(paths, {
        v: 1,
        key: `fsync/${i}`,
        chainId: 1,
        signer: signer.address,
        nonce: i,
        hash: keccak256(raw),
        raw,
        signedAt: new Date().toISOString(),
      })
      appends.push(performance.now() - a)
    }
    console.log(`journal append with fsync: ${stats(appends)}`)
  } finally {
    await anvil.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
