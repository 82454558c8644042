/**
 * Upper concave hull of a sampled income curve, cut into "chunks": linear pieces with a slope (the
 * marginal rate) and a width. Filling chunks in order of decreasing slope is the concave relaxation
 * of the curve; a chunk that spans more than one sample interval bridges a non-concave region.
 */

/** One linear piece of a hull: from sample `from` to sample `to` (indices into the sample arrays). */
export type Chunk = { from: number; to: number; slope: number; width: number }

/**
 * Chunks of the upper concave hull of points (xs[k], fs[k]) for k in [start, end] (xs ascending).
 * Slopes come out in decreasing order.
 */
export function hullChunks(xs: Float64Array, fs: Float64Array, start: number, end: number): Chunk[] {
  const stack: number[] = []
  for (let k = start; k <= end; k++) {
    while (stack.length >= 2) {
      const b = stack[stack.length - 1]!
      const a = stack[stack.length - 2]!
      // Drop b when it lies on or below the chord a -> k (cross product test).
      const cross = (xs[b]! - xs[a]!) * (fs[k]! - fs[a]!) - (fs[b]! - fs[a]!) * (xs[k]! - xs[a]!)
      if (cross >= 0) stack.pop()
      else break
    }
    stack.push(k)
  }
  const chunks: Chunk[] = []
  for (let j = 0; j + 1 < stack.length; j++) {
    const from = stack[j]!
    const to = stack[j + 1]!
    const width = xs[to]! - xs[from]!
    chunks.push({ from, to, slope: (fs[to]! - fs[from]!) / width, width })
  }
  return chunks
}
