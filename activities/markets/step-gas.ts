/**
 * Gas one controller step uses, per step kind: what the live snapshot multiplies by a chain's gas price to
 * cost a move (`cost-section.ts`). Measured on the devnet (test/cctp-live.devnet.test.ts logs the
 * `gasUsed` of every relayer transaction of its cycles, by controller function) and rounded up; production
 * controllers run the same code paths, so these are estimates, not reads. Update them with a new
 * measurement when a controller or venue changes.
 *
 * @module
 */

/** Gas of one controller step, by kind. */
export const STEP_GAS = {
  /** `depositAave` / `depositERC4626` / `withdrawAave` / `withdrawERC4626` (the mean of the venue steps). */
  marketStep: 260_000n,
  /** `transferTokenLayerZero`: OFT `send` through the endpoint, ULN, DVN and executor fee payments. */
  layerZeroSend: 330_000n,
  /** `transferUSDCToCCTP` with one burn (`depositForBurn`). */
  cctpBurn: 170_000n,
  /** `receiveMessage` of one burn on the destination transmitter (signature check, nonce, mint). */
  cctpReceive: 130_000n,
} as const
