import { readFileSync } from 'node:fs'
import { NonRetryableError } from './errors.js'

/** The TLS settings of a Temporal connection, as `Connection.connect` / `NativeConnection.connect` take them. */
export type TemporalTls = {
  serverNameOverride?: string
  serverRootCACertificate?: Buffer
  clientCertPair?: { crt: Buffer; key: Buffer }
}

/** A TLS variable is set wrong (missing file, cert without key, not PEM). */
export class TemporalTlsConfigError extends NonRetryableError {
  override readonly name = 'TemporalTlsConfigError'
}

const help =
  'See README.md, "Security: Temporal over mTLS" for the variables and how to make the certificates.'

function pem(variable: string, path: string, kind: RegExp): Buffer {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (error) {
    throw new TemporalTlsConfigError(
      `${variable}=${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      { instruction: `Point ${variable} at a readable PEM file. ${help}` },
    )
  }
  if (!kind.test(bytes.toString('utf8'))) {
    throw new TemporalTlsConfigError(
      `${variable}=${path}: not a PEM file of the expected kind (${kind.source})`,
      {
        instruction: `Use the PEM file itself (-----BEGIN …-----). ${help}`,
      },
    )
  }
  return bytes
}

/**
 * TLS / mTLS of the Temporal connections (CLI and worker) from the environment:
 * - `SLL_TEMPORAL_TLS=1`: TLS with the system roots (e.g. Temporal Cloud);
 * - `SLL_TEMPORAL_TLS_CA`: PEM of the CA that signed the server's certificate (implies TLS);
 * - `SLL_TEMPORAL_TLS_CERT` + `SLL_TEMPORAL_TLS_KEY`: the client's certificate and key (mTLS; both or none);
 * - `SLL_TEMPORAL_TLS_SERVER_NAME`: the name the server's certificate holds, when it differs from the host.
 * Undefined when none is set (plain connection, local dev server).
 *
 * @throws {TemporalTlsConfigError} naming the variable and the fix.
 */
export function temporalTlsFromEnv(env: NodeJS.ProcessEnv = process.env): TemporalTls | undefined {
  const flag = env.SLL_TEMPORAL_TLS?.trim()
  const ca = env.SLL_TEMPORAL_TLS_CA?.trim()
  const cert = env.SLL_TEMPORAL_TLS_CERT?.trim()
  const key = env.SLL_TEMPORAL_TLS_KEY?.trim()
  const serverName = env.SLL_TEMPORAL_TLS_SERVER_NAME?.trim()
  if (flag && !['0', '1', 'true', 'false'].includes(flag)) {
    throw new TemporalTlsConfigError(`SLL_TEMPORAL_TLS=${JSON.stringify(flag)}: must be 1 or 0`, {
      instruction: help,
    })
  }
  if (Boolean(cert) !== Boolean(key)) {
    throw new TemporalTlsConfigError(
      cert
        ? 'SLL_TEMPORAL_TLS_CERT is set without SLL_TEMPORAL_TLS_KEY'
        : 'SLL_TEMPORAL_TLS_KEY is set without SLL_TEMPORAL_TLS_CERT',
      { instruction: `mTLS needs both the client certificate and its key. ${help}` },
    )
  }
  const enabled = flag === '1' || flag === 'true' || Boolean(ca || cert || serverName)
  if (!enabled) return undefined
  if (flag === '0' || flag === 'false') {
    throw new TemporalTlsConfigError('SLL_TEMPORAL_TLS=0 but TLS files are set', {
      instruction: `Unset SLL_TEMPORAL_TLS (the files turn TLS on) or the SLL_TEMPORAL_TLS_* files. ${help}`,
    })
  }
  return {
    ...(serverName ? { serverNameOverride: serverName } : {}),
    ...(ca ? { serverRootCACertificate: pem('SLL_TEMPORAL_TLS_CA', ca, /-----BEGIN CERTIFICATE-----/) } : {}),
    ...(cert && key
      ? {
          clientCertPair: {
            crt: pem('SLL_TEMPORAL_TLS_CERT', cert, /-----BEGIN CERTIFICATE-----/),
            key: pem('SLL_TEMPORAL_TLS_KEY', key, /-----BEGIN [A-Z ]*PRIVATE KEY-----/),
          },
        }
      : {}),
  }
}
