/**
 * Redaction of secrets from text that may reach logs, error messages or workflow history.
 * Private keys are registered by the signer loader; RPC URLs lose their path and query (API keys live there).
 */
const secrets = new Set<string>()

/** Remembers a secret (e.g. a private key) so that {@link redactSecrets} removes it from any text. */
export function registerSecret(secret: string): void {
  if (secret.length < 8) return
  secrets.add(secret)
  const bare = secret.startsWith('0x') ? secret.slice(2) : secret
  if (bare.length >= 8) secrets.add(bare)
}

/** Keeps scheme and host of a URL, drops credentials, path and query (where providers put API keys). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    const hasSecretParts = parsed.username || parsed.password || parsed.pathname.length > 1 || parsed.search
    return `${parsed.protocol}//${parsed.host}${hasSecretParts ? '/<redacted>' : ''}`
  } catch {
    return '<invalid url>'
  }
}

const urlPattern = /\b(?:https?|wss?):\/\/[^\s"'<>]+/gi

/** Removes registered secrets and the secret parts of URLs from `text`. */
export function redactSecrets(text: string): string {
  let out = text
  for (const secret of secrets) {
    out = out.replace(new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '<redacted>')
  }
  return out.replace(urlPattern, (url) => redactUrl(url))
}
