import type { Address, Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

/**
 * The public anvil dev mnemonic. Every key below is derived from it (m/44'/60'/0'/0/i); they are
 * well-known test keys that hold value on no real network.
 */
export const DEVNET_MNEMONIC = 'test test test test test test test test test test test junk'

/** A devnet account: its role, BIP-44 index, private key and address. */
export type DevnetAccount = { role: DevnetRole; index: number; privateKey: Hex; address: Address }

/** What a devnet account is used for. */
export type DevnetRole =
  | 'deployer'
  | 'operator'
  | 'dvnSigner'
  | 'relayer'
  | 'supplier1'
  | 'supplier2'
  | 'supplier3'
  | 'borrower1'
  | 'borrower2'
  | 'borrower3'
  | 'freezer'
  | 'cctpAttester'

const keys: Record<DevnetRole, { index: number; privateKey: Hex }> = {
  deployer: { index: 0, privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' },
  operator: { index: 1, privateKey: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d' },
  dvnSigner: { index: 2, privateKey: '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a' },
  relayer: { index: 3, privateKey: '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6' },
  supplier1: { index: 4, privateKey: '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a' },
  supplier2: { index: 5, privateKey: '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba' },
  supplier3: { index: 6, privateKey: '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e' },
  borrower1: { index: 7, privateKey: '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356' },
  borrower2: { index: 8, privateKey: '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97' },
  borrower3: { index: 9, privateKey: '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6' },
  freezer: { index: 10, privateKey: '0xf214f2b2cd398c806f84e317254e0f0b801d0643303237d97a22a48e01628897' },
  cctpAttester: {
    index: 11,
    privateKey: '0x701b615bbdfb9de65240bc28bd21bbc0d996645a3dd57e7b12bc2bdf6f192c82',
  },
}

function account(role: DevnetRole): DevnetAccount {
  const { index, privateKey } = keys[role]
  return { role, index, privateKey, address: privateKeyToAccount(privateKey).address }
}

/**
 * Roles of the devnet accounts:
 * - `deployer`: deploys and owns every devnet contract (Aave admin, token minter, LayerZero owner).
 * - `operator`: stand-in for the SLL ALMProxy: holds positions and idle USDS/USDC; the orchestrator signs as it.
 * - `dvnSigner`: signs DVN verifications for the local LayerZero relayer.
 * - `relayer`: admin of the local DVN/Executor; sends the relayer's transactions.
 * - `supplier1..3`, `borrower1..3`: third parties that give the markets realistic supply and borrows.
 * - `freezer`: holds FREEZER on every SLL controller (`removeRelayer`). Index 10 is beyond anvil's ten
 *   prefunded accounts, so the build gives it ETH (`devnet/build/sll-spell.ts`).
 * - `cctpAttester`: the CCTP attester enabled in every devnet MessageTransmitter; the attestation service
 *   (`devnet/cctp/`) signs with it. It sends no transactions.
 */
export const devnetAccounts: Record<DevnetRole, DevnetAccount> = {
  deployer: account('deployer'),
  operator: account('operator'),
  dvnSigner: account('dvnSigner'),
  relayer: account('relayer'),
  supplier1: account('supplier1'),
  supplier2: account('supplier2'),
  supplier3: account('supplier3'),
  borrower1: account('borrower1'),
  borrower2: account('borrower2'),
  borrower3: account('borrower3'),
  freezer: account('freezer'),
  cctpAttester: account('cctpAttester'),
}
