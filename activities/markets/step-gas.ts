/**
 * Gas one controller step uses, per step kind: what the live snapshot multiplies by a chain's gas price to
 * cost a move (`cost-section.ts`). Measured on the devnet (test/cctp-live.devnet.test.ts logs the
 * `gasUsed` of every relayer transaction of its cycles, by controller function) and rounded up; production
 * controllers run the same code paths, so these are estimates, not reads. Update them with a new
 * measurement when a controller or venue changes.
 *
 * @module
 */

/**
 * Gas of one controller step, by kind. Measured 2026-12-02 on the devnet (test/cctp-live.devnet.test.ts,
 * receipts of the relayer's transactions), rounded up: `depositAave` 212,730 and 229,839;
 * `transferTokenLayerZero` (USDC OFT, Ethereum -> Base) 372,360; `transferUSDCToCCTP` of 2,498 USDC in three
 * burns (per-message limit 1,000) 221,587 in one transaction; `receiveMessage` 102,534 to 102,546 per burn.
 */
export const STEP_GAS = {
  /** A market step: `depositAave` / `withdrawAave` / `depositERC4626` / `withdrawERC4626`. */
  marketStep: 230_000n,
  /** `transferTokenLayerZero`: OFT `send` through the endpoint, ULN, DVN and executor fee payments. */
  layerZeroSend: 380_000n,
  /** `transferUSDCToCCTP` (one transaction, however many burns it splits into). */
  cctpBurn: 230_000n,
  /** `receiveMessage` of one burn on the destination transmitter (signature check, nonce, mint). */
  cctpReceive: 110_000n,
} as const
