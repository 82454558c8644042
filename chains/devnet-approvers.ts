import type { Address, Hex } from 'viem'

/**
 * The devnet's approver keys: accounts 12..14 of the public anvil mnemonic (`DEVNET_MNEMONIC`,
 * m/44'/60'/0'/0/i). They sign approvals and pause / resume (EIP-712, `sll approve`), never transactions,
 * so they hold no ETH and the devnet state does not know them. Well-known test keys: never use them
 * anywhere else.
 */
export const devnetApprovers = {
  'ops-alice': {
    index: 12,
    privateKey: '0xa267530f49f8280200edf313ee7af6b827f2a8bce2897751d06a843f644967b1',
    address: '0xFABB0ac9d68B0B445fB7357272Ff202C5651694a',
  },
  'ops-bob': {
    index: 13,
    privateKey: '0x47c99abed3324a2707c28affff1267e45918ec8c3f20b8aa892e8b065d2942dd',
    address: '0x1CBd3b2770909D4e10f157cABC84C7264073C9Ec',
  },
  'ops-carol': {
    index: 14,
    privateKey: '0xc526ee95bf44d8fc405a158bb884d9d1238d99f0612e9f33d006bb0789009aaa',
    address: '0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097',
  },
} as const satisfies Record<string, { index: number; privateKey: Hex; address: Address }>
