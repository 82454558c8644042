/** A binary max-heap of (key, a, b) entries; use negated keys for a min-heap. Lazy deletion is up to the caller. */
export class MaxHeap {
  private keys: number[] = []
  private as: number[] = []
  private bs: number[] = []

  /** Number of entries (including stale ones the caller has not popped yet). */
  get size(): number {
    return this.keys.length
  }

  /** Adds an entry. */
  push(key: number, a: number, b: number): void {
    const { keys, as, bs } = this
    let k = keys.length
    keys.push(key)
    as.push(a)
    bs.push(b)
    while (k > 0) {
      const p = (k - 1) >> 1
      if (keys[p]! >= key) break
      keys[k] = keys[p]!
      as[k] = as[p]!
      bs[k] = bs[p]!
      k = p
    }
    keys[k] = key
    as[k] = a
    bs[k] = b
  }

  /** The top entry's key, a and b (undefined when empty). */
  peekKey(): number | undefined {
    return this.keys[0]
  }
  peekA(): number {
    return this.as[0]!
  }
  peekB(): number {
    return this.bs[0]!
  }

  /** Removes the top entry. */
  pop(): void {
    const { keys, as, bs } = this
    const key = keys.pop()!
    const a = as.pop()!
    const b = bs.pop()!
    const n = keys.length
    if (n === 0) return
    let k = 0
    for (;;) {
      const l = 2 * k + 1
      if (l >= n) break
      const r = l + 1
      const c = r < n && keys[r]! > keys[l]! ? r : l
      if (keys[c]! <= key) break
      keys[k] = keys[c]!
      as[k] = as[c]!
      bs[k] = bs[c]!
      k = c
    }
    keys[k] = key
    as[k] = a
    bs[k] = b
  }
}
