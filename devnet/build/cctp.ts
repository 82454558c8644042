/**
 * Build step: Circle CCTP V1 stand-ins on all six chains (devnet/contracts/cctp/), deployed after every other
 * contract so that no earlier address moves. Per chain: MessageTransmitter (local domain, the devnet attester),
 * TokenMinter, TokenMessenger, wired together; the TokenMinter becomes a minter of the chain's USDC (Ethereum:
 * the `DevnetToken`; L2s: the LayerZero `DevnetOFT6`, whose devnet-only minter path exists for this); every
 * pair of chains is linked (remote TokenMessenger + remote USDC). Writes `devnet/state/cctp.json`.
 *
 * USDC accounting across LayerZero and CCTP: the conserved quantity is
 *   circulating = Σ_chains USDC.totalSupply() − USDC.balanceOf(Ethereum OFT adapter)
 * An LZ send locks in the adapter and mints on the L2 (or burns on the L2 and unlocks): circulating unchanged.
 * A CCTP transfer burns on the source and mints the same amount on the destination: unchanged too.
 * What CCTP does change is the LZ backing: an Ethereum -> L2 CCTP transfer adds L2 supply that the adapter
 * does not lock (an L2 -> Ethereum one leaves the adapter over-backed). See devnet/README.md (CCTP).
 */
import { type Address, erc20Abi, maxUint256, parseAbi, parseUnits } from 'viem'
import { tokenMessengerAbi, tokenMinterAbi } from '../../cctp/abi.js'
import { cctpDomains } from '../../cctp/domains.js'
import { addressToBytes32 } from '../../cctp/message.js'
import { devnetAccounts } from '../../chains/devnet-accounts.js'
import type { DevnetSll } from '../../chains/devnet-sll.js'
import { type ChainName, chainNames } from '../../chains/names.js'
import { controllerAbis, rateLimitsAbi } from '../../sll/abis.js'
import { usdcToCctpKey, usdcToDomainKey } from '../../sll/keys.js'
import { devnetArtifact } from '../artifact.js'
import type { DevnetCctp } from '../cctp/deployment.js'
import type { ChainClient } from './chain-client.js'

const deployer = devnetAccounts.deployer
const setMinterAbi = parseAbi(['function setMinter(address minter, bool allowed)'])

/** CCTP V1 message and burn-message version. */
export const cctpVersion = 0

/**
 * `burnLimitsPerMessage(USDC)` per chain, in USDC (scaled down by 1000 like the rest of the devnet, Circle's
 * production limit being 1M+ USDC per burn). Ethereum's 1,000 USDC forces `transferUSDCToCCTP` to split.
 */
export const cctpBurnLimitsUsdc: Record<ChainName, bigint> = {
  ethereum: 1_000n,
  base: 100_000n,
  arbitrum: 100_000n,
  optimism: 100_000n,
  unichain: 100_000n,
  avalanche: 100_000n,
}

/** Deploys and links the CCTP contracts on every chain; returns the `devnet/state/cctp.json` content. */
export async function deployCctp(
  clients: Record<ChainName, ChainClient>,
  usdc: Record<ChainName, Address>,
  log: (line: string) => void,
): Promise<DevnetCctp> {
  const started = Date.now()
  const attester = devnetAccounts.cctpAttester.address
  const deployed = await Promise.all(
    chainNames.map(async (chain) => {
      const client = clients[chain]
      const domain = cctpDomains[chain]
      const transmitter = await client.deploy(deployer, devnetArtifact('CctpMessageTransmitter'), [
        domain,
        attester,
        cctpVersion,
        deployer.address,
      ])
      const minter = await client.deploy(deployer, devnetArtifact('CctpTokenMinter'), [deployer.address])
      const messenger = await client.deploy(deployer, devnetArtifact('CctpTokenMessenger'), [
        transmitter,
        cctpVersion,
        deployer.address,
      ])
      const limit = cctpBurnLimitsUsdc[chain] * 10n ** 6n
      await client.write(deployer, minter, tokenMinterAbi, 'addLocalTokenMessenger', [messenger])
      await client.write(deployer, messenger, tokenMessengerAbi, 'addLocalMinter', [minter])
      await client.write(deployer, minter, tokenMinterAbi, 'setMaxBurnAmountPerMessage', [usdc[chain], limit])
      await client.write(deployer, usdc[chain], setMinterAbi, 'setMinter', [minter, true])
      return [
        chain,
        {
          domain,
          messageTransmitter: transmitter,
          tokenMessenger: messenger,
          tokenMinter: minter,
          usdc: usdc[chain],
          burnLimitPerMessage: limit.toString(),
          mintRecipients: {},
        },
      ] as const
    }),
  )
  const chains = Object.fromEntries(deployed) as DevnetCctp['chains']
  await Promise.all(
    chainNames.map(async (chain) => {
      const client = clients[chain]
      for (const remote of chainNames) {
        if (remote === chain) continue
        const domain = cctpDomains[remote]
        await client.write(
          deployer,
          chains[chain].tokenMessenger,
          tokenMessengerAbi,
          'addRemoteTokenMessenger',
          [domain, addressToBytes32(chains[remote].tokenMessenger)],
        )
        await client.write(deployer, chains[chain].tokenMinter, tokenMinterAbi, 'linkTokenPair', [
          usdc[chain],
          domain,
          addressToBytes32(usdc[remote]),
        ])
      }
    }),
  )
  log(`cctp: TokenMessenger/MessageTransmitter/TokenMinter on six chains in ${Date.now() - started} ms`)
  return { version: cctpVersion, attester, chains }
}

/** Σ USDC totalSupply over the chains minus the Ethereum adapter's lock: what LZ and CCTP both conserve. */
export async function circulatingUsdc(
  clients: Record<ChainName, Pick<ChainClient, 'read'>>,
  usdc: Record<ChainName, Address>,
  ethereumAdapter: Address | undefined,
): Promise<bigint> {
  let total = 0n
  for (const chain of chainNames)
    total += await clients[chain].read<bigint>(usdc[chain], erc20Abi, 'totalSupply')
  if (ethereumAdapter)
    total -= await clients.ethereum.read<bigint>(usdc.ethereum, erc20Abi, 'balanceOf', [ethereumAdapter])
  return total
}

/**
 * CCTP part of the SLL spell (governance = the deployer): points every controller at its chain's
 * TokenMessenger and USDC (`setCctp`, devnet-only), sets `mintRecipients` to the destination ALMProxies and
 * the two rate-limit keys, hub and spoke like LayerZero (Ethereum -> each L2, each L2 -> Ethereum; L2 -> L2
 * stays unconfigured and reverts `FC/domain-not-configured`):
 * - USDC_TO_CCTP: unlimited (as in production);
 * - USDC_TO_DOMAIN(domain): {@link cctpDomainLimitUsdc} max, refilled per day.
 * Appends the keys to `sll[chain].limits` (so `devnet/state/sll.json` lists every key set) and fills
 * `cctp.chains[chain].mintRecipients`.
 */
export async function castCctpSpell(
  clients: Record<ChainName, ChainClient>,
  cctp: DevnetCctp,
  sll: DevnetSll,
  log: (line: string) => void,
): Promise<void> {
  const day = 86_400n
  const max = parseUnits(String(cctpDomainLimitUsdc.max), 6)
  const slope = parseUnits(String(cctpDomainLimitUsdc.perDay), 6) / day
  await Promise.all(
    chainNames.map(async (chain) => {
      const client = clients[chain]
      const controllerAbi = controllerAbis[sll[chain].controllerVersion]
      const controller = sll[chain].controller
      await client.write(deployer, controller, controllerAbi, 'setCctp', [
        cctp.chains[chain].tokenMessenger,
        cctp.chains[chain].usdc,
      ])
      await client.write(deployer, sll[chain].rateLimits, rateLimitsAbi, 'setUnlimitedRateLimitData', [
        usdcToCctpKey,
      ])
      sll[chain].limits.push({
        label: `USDC_TO_CCTP(${chain})`,
        key: usdcToCctpKey,
        kind: 'unlimited',
        maxAmount: maxUint256.toString(),
        slope: '0',
      })
      for (const destination of chainNames) {
        if (destination === chain || (chain !== 'ethereum' && destination !== 'ethereum')) continue
        const domain = cctpDomains[destination]
        const recipient = addressToBytes32(sll[destination].almProxy)
        await client.write(deployer, controller, controllerAbi, 'setMintRecipient', [domain, recipient])
        cctp.chains[chain].mintRecipients[String(domain)] = recipient
        const key = usdcToDomainKey(domain)
        await client.write(deployer, sll[chain].rateLimits, rateLimitsAbi, 'setRateLimitData', [
          key,
          max,
          slope,
        ])
        sll[chain].limits.push({
          label: `USDC_TO_DOMAIN(${chain} -> ${destination})`,
          key,
          kind: 'limited',
          maxAmount: max.toString(),
          slope: slope.toString(),
        })
      }
    }),
  )
  log('cctp: controllers pointed at CCTP, mint recipients and USDC_TO_CCTP / USDC_TO_DOMAIN keys set')
}

/** USDC_TO_DOMAIN(domain) on every configured route, whole USDC (the same as the LayerZero USDC routes). */
export const cctpDomainLimitUsdc = { max: 1_000_000, perDay: 500_000 } as const
