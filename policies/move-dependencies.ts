/**
 * Which moves of one plan must wait for another: a move that spends money another move of the same plan
 * delivers starts only once that money has arrived. Pure (no I/O): the allocation cycle computes it from
 * the recorded plan, so replay always sees the same dependencies.
 */

/** The part of a planned move the dependencies are computed from. */
export type DependencyMove = { from: string; to: string }

/**
 * `dependsOn[j]`: the indices of the moves whose arrival move `j` spends, ascending. Move `j` depends on
 * move `i` when `j` takes money from the end `i` fills: the same market, or the same `idle:<chain>` (a
 * bridge or a withdrawal into the idle balance of that chain). Move ends are canonical strings
 * (`policies/move-end.ts`), so equal ends are equal strings.
 *
 * This is conservative: a move from `idle:<chain>` waits for every move into that idle balance even when
 * the balance before the plan would have been enough. The result is always acyclic: should a plan ever
 * contain a cycle (A fills B's source and B fills A's), only the edges from a lower to a higher index are
 * kept, i.e. the plan's order decides.
 *
 * @example
 * moveDependencies([
 *   { from: 'base/savings/sUSDS', to: 'idle:arbitrum' },
 *   { from: 'idle:arbitrum', to: 'arbitrum/aave/USDC' },
 * ]) // [[], [0]]
 */
export function moveDependencies(moves: readonly DependencyMove[]): number[][] {
  const fillers = new Map<string, number[]>()
  moves.forEach((m, i) => {
    fillers.set(m.to, [...(fillers.get(m.to) ?? []), i])
  })
  const edges = moves.map((m, j) => (fillers.get(m.from) ?? []).filter((i) => i !== j))
  return isAcyclic(edges) ? edges : edges.map((deps, j) => deps.filter((i) => i < j))
}

function isAcyclic(dependsOn: number[][]): boolean {
  // Kahn's algorithm over "i must finish before j".
  const remaining = dependsOn.map((d) => d.length)
  const dependents = dependsOn.map(() => [] as number[])
  dependsOn.forEach((deps, j) => {
    for (const i of deps) dependents[i]?.push(j)
  })
  const ready = remaining.flatMap((n, j) => (n === 0 ? [j] : []))
  let done = 0
  while (ready.length > 0) {
    const i = ready.pop() as number
    done++
    for (const j of dependents[i] ?? []) {
      remaining[j] = (remaining[j] ?? 0) - 1
      if (remaining[j] === 0) ready.push(j)
    }
  }
  return done === dependsOn.length
}

/**
 * Moves that wait, directly or through other moves, for a move needing approval. A cycle defers them
 * (the next cycle plans them again) rather than hold the loop until an approver answers.
 */
export function waitsForApproval(
  moves: ReadonlyArray<{ needsApproval: boolean }>,
  dependsOn: number[][],
): boolean[] {
  const memo = new Map<number, boolean>()
  const visit = (j: number): boolean => {
    const known = memo.get(j)
    if (known !== undefined) return known
    memo.set(j, false) // acyclic input; guards against a cycle anyway
    const waits = (dependsOn[j] ?? []).some((i) => moves[i]?.needsApproval === true || visit(i))
    memo.set(j, waits)
    return waits
  }
  return moves.map((_, j) => visit(j))
}
