import type { Address } from 'viem'
import { devnetAccounts } from '../../chains/devnet-accounts.js'
import { devnetArtifact } from '../artifact.js'
import type { ChainClient } from './chain-client.js'

const deployer = devnetAccounts.deployer
const secondsPerYear = 365 * 24 * 3600

/** Deploys a DevnetToken (mintable ERC-20 owned by the deployer). */
export function deployToken(
  client: ChainClient,
  name: string,
  symbol: string,
  decimals: number,
): Promise<Address> {
  return client.deploy(deployer, devnetArtifact('DevnetToken'), [name, symbol, decimals, deployer.address])
}

/** Per-second savings rate factor (RAY) that compounds to `apy` over a 365-day year. */
export function ssrFromApy(apy: number): bigint {
  const perSecond = Math.log1p(apy) / secondsPerYear
  // expm1 keeps precision for tiny rates: factor = 1 + expm1(ln(1+apy)/T).
  return 10n ** 27n + BigInt(Math.round(Math.expm1(perSecond) * 1e27))
}

/** Deploys a SavingsVault (sUSDS-like ERC-4626) over `usds`. */
export function deploySavingsVault(client: ChainClient, usds: Address, apy: number): Promise<Address> {
  return client.deploy(deployer, devnetArtifact('SavingsVault'), [
    usds,
    'Savings USDS',
    'sUSDS',
    ssrFromApy(apy),
    deployer.address,
  ])
}

/** Deploys the Multicall3-compatible batcher. */
export function deployMulticall3(client: ChainClient): Promise<Address> {
  return client.deploy(deployer, devnetArtifact('Multicall3'))
}

/** Deploys the USDS <-> USDC PSM (unfunded). */
export function deployPsm(client: ChainClient, usds: Address, usdc: Address): Promise<Address> {
  return client.deploy(deployer, devnetArtifact('DevnetPsm'), [usds, usdc])
}
