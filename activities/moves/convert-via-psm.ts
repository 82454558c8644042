import { encodeFunctionData, parseAbi } from 'viem'
import { activityTransactions } from './activity-tx.js'
import { MissingDeploymentError, type StepContext, type StepInput, type StepResult } from './step-context.js'

const psmAbi = parseAbi([
  'function sellGem(address usr, uint256 gemAmt) returns (uint256)',
  'function buyGem(address usr, uint256 gemAmt) returns (uint256)',
])

/** Converts USDS <-> USDC 1:1 through the chain's PSM (approve exactly, then swap). */
export function createConvertViaPsm(ctx: StepContext) {
  const { network, registry, owner, token } = ctx
  return async function convertViaPsm({ moveKey, route }: StepInput): Promise<StepResult> {
    const convert = route.convert
    if (!convert) return { txHashes: [] }
    const psm = registry[convert.chain].psm
    if (!psm) {
      throw new MissingDeploymentError(`no PSM on ${convert.chain}`, {
        instruction: 'Add the PSM to the chain registry or remove routes that change asset there.',
      })
    }
    const txs = activityTransactions(network)
    const hashes: string[] = []
    const selling = convert.fromAsset === 'USDC'
    const approval = await txs.approve(convert.chain, `${moveKey}/approve-psm`, {
      token: token(convert.chain, convert.fromAsset),
      spender: psm,
      amount: BigInt(convert.amountIn),
    })
    if (approval.approved) hashes.push(approval.tx.hash)
    const gemAmount = BigInt(selling ? convert.amountIn : convert.amountOut)
    const data = encodeFunctionData({
      abi: psmAbi,
      functionName: selling ? 'sellGem' : 'buyGem',
      args: [owner, gemAmount],
    })
    const tx = await txs.send(convert.chain, `${moveKey}/convert`, { to: psm, data })
    hashes.push(tx.hash)
    return { txHashes: hashes }
  }
}
