import { statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import type { Hex } from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import { NonRetryableError } from './errors.js'
import {
  type MoveDecisionMessage,
  moveDecisionTypedData,
  type OperatorActionMessage,
  operatorActionTypedData,
  type Signed,
} from './signed-messages.js'

/** The approver key cannot be used (missing, unreadable, readable by others, not a key). Never holds the key. */
export class ApproverKeyError extends NonRetryableError {
  override readonly name = 'ApproverKeyError'
}

const KEY_PATTERN = /^0x[0-9a-fA-F]{64}$/

/**
 * The approver's signing key: from `--key-file <path>` (a file holding one 0x-prefixed 32-byte hex key,
 * readable by its owner only), else env `SLL_APPROVER_KEY`. The key is never printed or logged.
 *
 * @throws {ApproverKeyError} naming the file or variable and the fix.
 */
export async function loadApproverKey(
  keyFile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PrivateKeyAccount> {
  let text: string
  let source: string
  if (keyFile) {
    source = keyFile
    let mode: number
    try {
      mode = statSync(keyFile).mode
      text = await readFile(keyFile, 'utf8')
    } catch (error) {
      throw new ApproverKeyError(
        `${keyFile}: cannot read the approver key (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        {
          instruction: 'Pass --key-file <path> of a file holding your approver key, or set SLL_APPROVER_KEY.',
        },
      )
    }
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw new ApproverKeyError(
        `${keyFile}: the approver key is readable by others (mode ${(mode & 0o777).toString(8)})`,
        { instruction: `Run \`chmod 600 ${keyFile}\` and try again.` },
      )
    }
  } else if (env.SLL_APPROVER_KEY) {
    source = 'SLL_APPROVER_KEY'
    text = env.SLL_APPROVER_KEY
  } else {
    throw new ApproverKeyError('no approver key: decisions and pause / resume are signed', {
      instruction: 'Pass --key-file <path> (a file with your 0x… key, chmod 600) or set SLL_APPROVER_KEY.',
    })
  }
  const key = text.trim()
  if (!KEY_PATTERN.test(key)) {
    throw new ApproverKeyError(`${source}: not a private key (expected 0x followed by 64 hex digits)`, {
      instruction: 'Put exactly one 0x-prefixed 32-byte hex key in it (nothing else).',
    })
  }
  return privateKeyToAccount(key as Hex)
}

/** Signs a move decision (EIP-712). */
export async function signMoveDecision(
  account: PrivateKeyAccount,
  message: MoveDecisionMessage,
): Promise<Signed<MoveDecisionMessage>> {
  return { message, signature: await account.signTypedData(moveDecisionTypedData(message)) }
}

/** Signs a pause / resume (EIP-712). */
export async function signOperatorAction(
  account: PrivateKeyAccount,
  message: OperatorActionMessage,
): Promise<Signed<OperatorActionMessage>> {
  return { message, signature: await account.signTypedData(operatorActionTypedData(message)) }
}
