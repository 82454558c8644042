import { type Address, encodeFunctionData, erc20Abi, type Hex } from 'viem'
import { type ChainEndpoint, getVerifiedPublicClient } from '../clients.js'
import { loadSigner } from './signer.js'
import {
  hasSignedTransaction,
  type SubmitOptions,
  type SubmittedTransaction,
  submitTransaction,
} from './submit.js'

/** ERC-20 balance of `owner`, in base units as a decimal string. */
export async function readErc20Balance(input: {
  chain: ChainEndpoint
  token: Address
  owner: Address
}): Promise<string> {
  const client = await getVerifiedPublicClient(input.chain)
  const balance = await client.readContract({
    address: input.token,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [input.owner],
  })
  return balance.toString()
}

/** ERC-20 allowance `owner -> spender`, in base units as a decimal string. */
export async function readAllowance(input: {
  chain: ChainEndpoint
  token: Address
  owner: Address
  spender: Address
}): Promise<string> {
  const client = await getVerifiedPublicClient(input.chain)
  const allowance = await client.readContract({
    address: input.token,
    abi: erc20Abi,
    functionName: 'allowance',
    args: [input.owner, input.spender],
  })
  return allowance.toString()
}

/** Input of {@link ensureAllowance}; `amount` in base units as a decimal string. */
export type EnsureAllowanceInput = {
  chain: ChainEndpoint
  idempotencyKey: string
  token: Address
  spender: Address
  amount: string
  confirmations?: number
}

/** `approved: false` when the allowance already covered `amount` (no tx). */
export type EnsureAllowanceResult =
  | { approved: false; allowance: string }
  | { approved: true; allowance: string; tx: SubmittedTransaction }

/** Calldata of `approve(spender, amount)`. */
export function approveCalldata(spender: Address, amount: bigint): Hex {
  return encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [spender, amount] })
}

/**
 * Makes the signer's allowance for `spender` at least `amount`, approving exactly `amount` only when short.
 * Idempotent: an approve already signed under this key is settled (never re-signed) instead of re-reading.
 */
export async function ensureAllowance(
  input: EnsureAllowanceInput,
  options: SubmitOptions = {},
): Promise<EnsureAllowanceResult> {
  const signer = options.signer ?? loadSigner()
  const amount = BigInt(input.amount)
  const submitApprove = async (): Promise<EnsureAllowanceResult> => {
    const tx = await submitTransaction(
      {
        chain: input.chain,
        idempotencyKey: input.idempotencyKey,
        to: input.token,
        data: approveCalldata(input.spender, amount),
        ...(input.confirmations === undefined ? {} : { confirmations: input.confirmations }),
      },
      { ...options, signer },
    )
    return { approved: true, allowance: await current(), tx }
  }
  const current = () =>
    readAllowance({ chain: input.chain, token: input.token, owner: signer.address, spender: input.spender })

  if (
    hasSignedTransaction(input.chain, input.idempotencyKey, signer.address, options.journalDir) ||
    (options.resume !== undefined && options.resume !== null)
  ) {
    return submitApprove()
  }
  const allowance = await current()
  if (BigInt(allowance) >= amount) return { approved: false, allowance }
  return submitApprove()
}
