/**
 * Upper concave hull of a sampled income curve, cut into "chunks": linear pieces with a slope (the
 * marginal rate) and a width. Filling chunks in order of decreasing slope is the concave relaxation
 * of the curve; a chunk that spans more than one sample interval bridges a non-concave region.
 */

/** Chunks of one hull as parallel arrays (chunk k goes from sample from[k] to sample to[k]). */
export type Hull = {
  length: number
  from: Int32Array
  to: Int32Array
  slope: Float64Array
  width: Float64Array
}

/**
 * Chunks of the upper concave hull of points (xs[k], fs[k]) for k in [start, end] (xs ascending).
 * Slopes come out in decreasing order.
 */
export function hullChunks(xs: Float64Array, fs: Float64Array, start: number, end: number): Hull {
  const stack = new Int32Array(end - start + 1)
  let top = 0
  for (let k = start; k <= end; k++) {
    while (top >= 2) {
      const b = stack[top - 1]!
      const a = stack[top - 2]!
      // Drop b when it lies on or below the chord a -> k (cross product test).
      const cross = (xs[b]! - xs[a]!) * (fs[k]! - fs[a]!) - (fs[b]! - fs[a]!) * (xs[k]! - xs[a]!)
      if (cross >= 0) top--
      else break
    }
    stack[top++] = k
  }
  const length = Math.max(0, top - 1)
  const hull: Hull = {
    length,
    from: new Int32Array(length),
    to: new Int32Array(length),
    slope: new Float64Array(length),
    width: new Float64Array(length),
  }
  for (let j = 0; j < length; j++) {
    const from = stack[j]!
    const to = stack[j + 1]!
    const width = xs[to]! - xs[from]!
    hull.from[j] = from
    hull.to[j] = to
    hull.width[j] = width
    hull.slope[j] = (fs[to]! - fs[from]!) / width
  }
  return hull
}
