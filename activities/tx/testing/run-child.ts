import { spawn } from 'node:child_process'
import type { SubmitTransactionInput } from '../submit.js'

/** How a crash-test child ended and what it printed. */
export type ChildResult = {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  pid: number
}

/** Runs `node --import tsx <script> '<input JSON>'` with `env` added to this process's env. */
export function runSubmitChild(
  script: string,
  input: SubmitTransactionInput,
  env: Record<string, string>,
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(input)], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.once('error', reject)
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr, pid: child.pid ?? -1 }))
  })
}
