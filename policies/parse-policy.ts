import { quoteUntrusted } from '../lib/safe-text.js'
import { PolicyValidationError } from './input-errors.js'
import { formatBytes, MAX_POLICY_BYTES } from './input-limits.js'
import { type Policy, type PolicySource, policySchema } from './policy-schema.js'
import { formatPath, type LocatedDocument, parseLocated } from './source-map.js'
import { locateIssues, summarizeIssues } from './zod-issues.js'

/**
 * Parses and validates policy YAML. Pure (no I/O): the Temporal workflow sandbox may call it.
 * The returned policy carries `source` positions so later errors (unknown market id, infeasible
 * constraints) can name the line and column.
 *
 * Hostile input is refused before it costs time or memory: text over {@link MAX_POLICY_BYTES}, nesting
 * deeper than the limits of `input-limits.ts`, and alias bombs.
 *
 * @throws {PolicyValidationError} for a YAML syntax error, a file too large or too deeply nested, an alias
 *   bomb, a schema violation (unknown key, wrong type, negative or absurd amount, share outside (0, 1],
 *   duration out of bounds, id outside the safe alphabet, unsupported version) or a duplicate market id /
 *   group name / buffer chain. The message names `file:line:column`, the path and the fix.
 */
export function parsePolicy(text: string, fileName: string): Policy {
  if (text.length > MAX_POLICY_BYTES) {
    throw new PolicyValidationError(
      { file: fileName, line: 0, column: 0, path: '' },
      `the file holds ${text.length} characters; a policy may hold at most ${formatBytes(MAX_POLICY_BYTES)}`,
      'Is this the policy file? A policy is a few KB: keep only the markets, groups and limits it needs.',
    )
  }
  const doc = parseLocated(text)
  const syntax = doc.errors[0]
  if (syntax) {
    throw new PolicyValidationError(
      { file: fileName, line: syntax.line, column: syntax.column, path: '' },
      syntax.instruction ? syntax.message : `YAML syntax error: ${syntax.message}`,
      syntax.instruction ?? 'Fix the YAML syntax at this position (indentation, quotes, colons).',
    )
  }
  if (doc.value === null || typeof doc.value !== 'object' || Array.isArray(doc.value)) {
    throw new PolicyValidationError(
      { file: fileName, line: 1, column: 1, path: '(root)' },
      'the policy must be a YAML mapping (version, name, markets, ...)',
      'Start from policies/example.yaml.',
    )
  }
  const parsed = policySchema.safeParse(doc.value)
  if (!parsed.success) {
    const issues = locateIssues(parsed.error.issues, doc, fileName)
    const first = issues[0]!
    throw new PolicyValidationError(first, summarizeIssues(issues), first.instruction)
  }
  const policy: Policy = parsed.data
  checkUnique(policy, doc, fileName)
  policy.source = sourcePositions(policy, doc, fileName)
  return policy
}

function checkUnique(policy: Policy, doc: LocatedDocument, file: string): void {
  const dup = (what: string, values: string[], path: (i: number) => (string | number)[], fix: string) => {
    const seen = new Map<string, number>()
    values.forEach((v, i) => {
      const prev = seen.get(v)
      if (prev !== undefined) {
        const p = path(i)
        const first = doc.locate(path(prev))
        throw new PolicyValidationError(
          { file, ...doc.locate(p), path: formatPath(p) },
          `duplicate ${what} ${quoteUntrusted(v)} (first listed at line ${first.line})`,
          fix,
        )
      }
      seen.set(v, i)
    })
  }
  dup(
    'market id',
    policy.markets.map((m) => m.id),
    (i) => ['markets', i, 'id'],
    'List each market once; merge the two entries.',
  )
  dup(
    'group name',
    policy.groups.map((g) => g.name),
    (i) => ['groups', i, 'name'],
    'Give every group a unique name.',
  )
  dup(
    'buffer chain',
    policy.buffers.map((b) => b.chain),
    (i) => ['buffers', i, 'chain'],
    'Keep one buffer per chain.',
  )
}

function sourcePositions(policy: Policy, doc: LocatedDocument, file: string): PolicySource {
  const positions: Record<string, [number, number]> = {}
  const add = (path: (string | number)[]) => {
    const p = doc.locate(path)
    positions[formatPath(path)] = [p.line, p.column]
  }
  policy.markets.forEach((m, i) => {
    add(['markets', i, 'id'])
    for (const k of ['maxUsd', 'maxShareOfMarket', 'maxUtilization'] as const) {
      if (m[k] !== undefined) add(['markets', i, k])
    }
  })
  for (const k of ['maxUsd', 'maxShareOfMarket', 'maxUtilization'] as const) {
    if (policy.defaults?.[k] !== undefined) add(['defaults', k])
  }
  policy.groups.forEach((_, i) => {
    add(['groups', i, 'maxShare'])
  })
  policy.buffers.forEach((_, i) => {
    add(['buffers', i, 'minIdleUsd'])
  })
  add(['buffers'])
  add(['markets'])
  return { file, positions }
}

/** Location of a policy field recorded by {@link parsePolicy} (line 0 when unknown). */
export function policyLocation(policy: Policy, path: string) {
  const file = policy.source?.file ?? '<policy>'
  const pos = policy.source?.positions[path]
  return { file, line: pos?.[0] ?? 0, column: pos?.[1] ?? 0, path }
}
