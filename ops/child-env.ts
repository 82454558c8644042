/** Environment variables that carry the signer's private key (see `activities/tx/signer.ts`). */
export const SIGNER_ENV_KEYS = ['SLL_SIGNER_KEY', 'SLL_SIGNER_KEY_FILE'] as const

/** The environment of `npm start` split in two: what every child may see, and the signer key. */
export type SplitEnv = {
  /** Every variable except the signer key: the devnet, the relayer and the Temporal server get this. */
  shared: NodeJS.ProcessEnv
  /** Only the signer key variables that are set: added to the worker's environment alone. */
  signer: Partial<Record<(typeof SIGNER_ENV_KEYS)[number], string>>
}

/**
 * Splits an environment into the part every child process may inherit and the signer key, which only
 * the worker needs. Pure: returns copies, `env` is not changed.
 *
 * @example const { shared, signer } = splitSignerEnv(process.env)
 */
export function splitSignerEnv(env: NodeJS.ProcessEnv): SplitEnv {
  const shared: NodeJS.ProcessEnv = { ...env }
  const signer: SplitEnv['signer'] = {}
  for (const key of SIGNER_ENV_KEYS) {
    const value = shared[key]
    delete shared[key]
    if (value !== undefined) signer[key] = value
  }
  return { shared, signer }
}

/**
 * Takes the signer key out of this process's environment (so that no child spawned from now on, by any
 * module, inherits it) and returns it, for {@link workerEnv}.
 */
export function withholdSignerKey(env: NodeJS.ProcessEnv = process.env): SplitEnv['signer'] {
  const { signer } = splitSignerEnv(env)
  for (const key of SIGNER_ENV_KEYS) delete env[key]
  return signer
}

/** The worker's environment: the shared environment, the signer key and the worker's own settings. */
export function workerEnv(
  shared: NodeJS.ProcessEnv,
  extra: { signer: SplitEnv['signer']; settings: Record<string, string> },
): NodeJS.ProcessEnv {
  return { ...splitSignerEnv(shared).shared, ...extra.settings, ...extra.signer }
}
