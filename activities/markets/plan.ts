/**
 * A read plan: the calls one venue (or the idle balances) needs in the chain's multicall, and how to decode
 * their results. Plans are built from registry data (plus cached discovered addresses) only, so that every
 * call of a snapshot fits in ONE `aggregate3`.
 *
 * @module
 */
import type { Abi, Address } from 'viem'

/** One contract read inside the multicall. */
export type PlannedCall = {
  /** For error messages: `Contract.function(args) @ address`. */
  label: string
  address: Address
  abi: Abi
  functionName: string
  args?: readonly unknown[]
  /** A call whose revert decodes as `undefined` instead of failing the chain's read (cost quotes). */
  optional?: true
}

/** The calls of one venue and the decoder of their results (same order, all successful but `optional` ones). */
export type ReadPlan<T> = {
  /** Market id, or what is read (`idle`). */
  subject: string
  calls: PlannedCall[]
  decode: (results: readonly unknown[]) => T
}

/** Shortens an address for labels: `0x1234…abcd`. */
export function short(address: Address): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`
}

/** A planned call with its label derived from contract name, function, args and address. */
export function call(
  contract: string,
  address: Address,
  abi: Abi,
  functionName: string,
  args?: readonly unknown[],
): PlannedCall {
  const shownArgs = (args ?? []).map((a) =>
    typeof a === 'string' && a.length === 42 ? short(a as Address) : String(a),
  )
  const label = `${contract}.${functionName}(${shownArgs.join(', ')}) @ ${address}`
  return args === undefined
    ? { label, address, abi, functionName }
    : { label, address, abi, functionName, args }
}
