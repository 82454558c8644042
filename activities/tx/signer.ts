import { readFileSync } from 'node:fs'
import type { LocalAccount } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { NonRetryableError } from '../../lib/errors.js'
import { registerSecret } from './redact.js'

/** Env var holding the signer's private key (hex, 32 bytes, with or without `0x`). */
export const SIGNER_KEY_ENV = 'SLL_SIGNER_KEY'
/** Env var holding the path of a file that contains the signer's private key. */
export const SIGNER_KEY_FILE_ENV = 'SLL_SIGNER_KEY_FILE'

/** No signer key is configured. */
export class SignerKeyMissingError extends NonRetryableError {
  override readonly name = 'SignerKeyMissingError'
  constructor() {
    super(`No signer key configured: neither ${SIGNER_KEY_ENV} nor ${SIGNER_KEY_FILE_ENV} is set`, {
      instruction: `Set ${SIGNER_KEY_FILE_ENV} to a file containing the hex private key (preferred), or ${SIGNER_KEY_ENV}. Keys never go in YAML.`,
    })
  }
}

/** A configured key cannot be used. The message describes the problem, never the key. */
export class SignerKeyInvalidError extends NonRetryableError {
  override readonly name = 'SignerKeyInvalidError'
  constructor(readonly context: { source: string; problem: string }) {
    super(`Signer key from ${context.source} is unusable: ${context.problem}`, {
      instruction: 'Provide a 32-byte hex private key (64 hex digits, optional 0x prefix).',
    })
  }
}

const keyPattern = /^(0x)?[0-9a-fA-F]{64}$/

function readKey(env: NodeJS.ProcessEnv): { key: string; source: string } {
  const inline = env[SIGNER_KEY_ENV]
  if (inline !== undefined && inline !== '') return { key: inline.trim(), source: `env ${SIGNER_KEY_ENV}` }
  const file = env[SIGNER_KEY_FILE_ENV]
  if (file !== undefined && file !== '') {
    const source = `file ${file} (${SIGNER_KEY_FILE_ENV})`
    try {
      return { key: readFileSync(file, 'utf8').trim(), source }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'read error'
      throw new SignerKeyInvalidError({ source, problem: `cannot read the file (${code})` })
    }
  }
  throw new SignerKeyMissingError()
}

/**
 * Loads the signer from `SLL_SIGNER_KEY` or `SLL_SIGNER_KEY_FILE` (the env var wins when both are set).
 * The key is registered for redaction, so it never appears in failures built by `activities/failure.ts`.
 * Errors name the source and the problem only: never the key or a part of it.
 */
export function loadSigner(env: NodeJS.ProcessEnv = process.env): LocalAccount {
  const { key, source } = readKey(env)
  if (!keyPattern.test(key)) {
    throw new SignerKeyInvalidError({
      source,
      problem: `expected 64 hex digits, got ${key.length} characters`,
    })
  }
  registerSecret(key)
  const hex = (key.startsWith('0x') ? key : `0x${key}`) as `0x${string}`
  try {
    return privateKeyToAccount(hex)
  } catch {
    // The library error may echo the key: do not chain it as `cause`.
    throw new SignerKeyInvalidError({ source, problem: 'not a valid secp256k1 private key' })
  }
}
