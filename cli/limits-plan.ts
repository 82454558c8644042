import { z } from 'zod'
import { InputFileError } from '../policies/input-errors.js'
import { formatBytes, MAX_SNAPSHOT_BYTES } from '../policies/input-limits.js'
import { readInputFile } from '../policies/policy-file.js'

/** A plan file given to `sll limits --plan` is not a plan JSON (`sll plan --json` output). */
export class PlanFileError extends InputFileError {
  override readonly name = 'PlanFileError'
}

/** The moves of a plan, all `sll limits` needs of it. */
export type PlanMoves = { moves: Array<{ from: string; to: string; amount: string }> }

const planMovesSchema = z.looseObject({
  moves: z
    .array(
      z.looseObject({
        from: z.string().min(1).max(200),
        to: z.string().min(1).max(200),
        amount: z.string().regex(/^\d{1,16}(\.\d{1,6})?$/, {
          message: 'must be a USD amount as a decimal string such as "25000.5"',
        }),
      }),
    )
    .max(10_000),
})

const FIX = 'Pass the output of `sll plan --json` (a plan JSON with a `moves` list), or leave out --plan.'

/** Parses a plan JSON text (`file` names it in errors): its `moves`. Throws {@link PlanFileError}. */
export function parsePlanMoves(text: string, file: string): PlanMoves {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new PlanFileError(
      { file, line: 0, column: 0, path: '' },
      `not JSON: ${(error as Error).message}`,
      FIX,
    )
  }
  const result = planMovesSchema.safeParse(value)
  if (result.success)
    return { moves: result.data.moves.map(({ from, to, amount }) => ({ from, to, amount })) }
  const issue = result.error.issues[0]
  const path = (issue?.path ?? []).map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')
  throw new PlanFileError(
    { file, line: 0, column: 0, path: path.replace(/^\./, '') },
    issue?.message ?? 'invalid plan',
    FIX,
  )
}

/** Reads a plan file (at most the snapshot size limit). */
export async function loadPlanMoves(path: string): Promise<PlanMoves> {
  const { text } = await readInputFile(path, {
    maxBytes: MAX_SNAPSHOT_BYTES,
    tooLarge: (size) =>
      new PlanFileError(
        { file: path, line: 0, column: 0, path: '' },
        `the file holds ${size}; a plan may hold at most ${formatBytes(MAX_SNAPSHOT_BYTES)}`,
        FIX,
      ),
  })
  return parsePlanMoves(text, path)
}
