import type { Hull } from './hull.js'
import { hullChunks } from './hull.js'
import type { AllocationVariable } from './optimize.js'

/** A sampled income curve: ascending xs and the income at each. */
export type Sampled = { xs: Float64Array; fs: Float64Array }

/** A sampled curve with the hull of its whole domain (the root node's chunks). */
export type SampledCurve = Sampled & { hull: Hull }

/** Samples `v` at about `count` points and hulls the whole domain. */
export function sampleCurve(v: AllocationVariable, count: number): SampledCurve {
  const sampled = sample(v, count)
  return { ...sampled, hull: hullChunks(sampled.xs, sampled.fs, 0, sampled.xs.length - 1) }
}

/**
 * The curve with `points` added (income evaluated at the new points only): the fine local grid of the
 * second pass. Points outside the domain or within the minimum gap of a sample are left out.
 */
export function withPoints(v: AllocationVariable, curve: Sampled, points: number[]): SampledCurve {
  const add = points.filter((x) => x > v.lo && x < v.hi).sort((a, b) => a - b)
  const minGap = minSampleGap(v)
  const last = curve.xs.length - 1
  const xs = new Float64Array(curve.xs.length + add.length)
  const fs = new Float64Array(xs.length)
  let n = 0
  let k = 0
  for (let j = 0; j <= last; j++) {
    const x = curve.xs[j]!
    for (; k < add.length && add[k]! < x; k++) {
      const p = add[k]!
      if (p - xs[n - 1]! <= minGap) continue
      xs[n] = p
      fs[n++] = v.income(p)
    }
    if (n > 0 && x - xs[n - 1]! <= minGap) {
      // Too close to the new point just before it, which stands for it; the domain's end stays instead.
      if (j < last) continue
      n--
    }
    xs[n] = x
    fs[n++] = curve.fs[j]!
  }
  const out = { xs: xs.slice(0, n), fs: fs.slice(0, n) }
  return { ...out, hull: hullChunks(out.xs, out.fs, 0, n - 1) }
}

function minSampleGap(v: AllocationVariable): number {
  return Math.max(1e-9, (v.hi - v.lo) * 1e-13)
}

/** Geometric samples in market size, a uniform grid and the hints, merged (at least `minSampleGap` apart). */
function sample(v: AllocationVariable, count: number): Sampled {
  const width = v.hi - v.lo
  if (!(width > 0)) return { xs: Float64Array.of(v.lo), fs: Float64Array.of(v.income(v.lo)) }
  const hints = v.hints.filter((h) => h > v.lo && h < v.hi).sort((a, b) => a - b)
  const geometric = v.linear ? 0 : Math.floor(count * 0.75)
  const uniform = v.linear ? 1 : count - geometric
  const y0 = v.lo + v.supplyOffset
  const ratio = y0 > 0 ? (v.hi + v.supplyOffset) / y0 : 0
  const geo = new Float64Array(geometric > 1 && y0 > 0 ? geometric - 1 : 0)
  // y0 * ratio^((k + 1) / geometric) by repeated multiplication (relative drift ~1e-13 over 1,800 steps).
  const q = ratio ** (1 / geometric)
  let y = y0
  for (let k = 0; k < geo.length; k++) {
    y *= q
    geo[k] = y - v.supplyOffset
  }
  // Merge three ascending sequences: uniform grid, geometric grid, hints.
  const xs = new Float64Array(2 + geo.length + Math.max(0, uniform - 1) + hints.length)
  let n = 0
  const minGap = minSampleGap(v)
  const push = (x: number) => {
    const c = Math.min(v.hi, Math.max(v.lo, x))
    if (n === 0 || c - xs[n - 1]! > minGap) xs[n++] = c
  }
  push(v.lo)
  let g = 0
  let h = 0
  for (let u = 1; u <= uniform; u++) {
    const ux = u === uniform ? v.hi : v.lo + (width * u) / uniform
    for (;;) {
      const gx = g < geo.length ? geo[g]! : Number.POSITIVE_INFINITY
      const hx = h < hints.length ? hints[h]! : Number.POSITIVE_INFINITY
      if (gx <= hx && gx < ux) {
        push(gx)
        g++
      } else if (hx < gx && hx < ux) {
        push(hx)
        h++
      } else break
    }
    push(ux)
  }
  if (xs[n - 1]! !== v.hi) xs[n - 1] = v.hi
  const out = xs.slice(0, n)
  const fs = new Float64Array(n)
  for (let k = 0; k < n; k++) fs[k] = v.income(out[k]!)
  return { xs: out, fs }
}
