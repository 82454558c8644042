import type { z } from 'zod'
import { quoteUntrusted } from '../lib/safe-text.js'
import type { SourceLocation } from './input-errors.js'
import { formatPath, type LocatedDocument } from './source-map.js'

/** One schema problem, located in its file, with an instruction. */
export type LocatedIssue = SourceLocation & { problem: string; instruction: string }

function instructionFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return 'Remove the key or fix its spelling (see policies/policy.schema.json for every allowed key).'
    case 'invalid_type':
      return `Write a value of the expected type (${issue.expected}).`
    case 'invalid_value':
      return `Use one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}.`
    case 'too_small':
    case 'too_big':
      return 'Change the value to lie within the allowed range.'
    case 'invalid_union':
      return 'Check the value against the schema (policies/policy.schema.json).'
    default:
      return 'Fix the value as described.'
  }
}

/** Turns zod issues into located issues, sorted by position in the file. */
export function locateIssues(issues: z.core.$ZodIssue[], doc: LocatedDocument, file: string): LocatedIssue[] {
  const out: LocatedIssue[] = []
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key]
        out.push({
          file,
          ...doc.locate(path, { key: true }),
          path: formatPath(path),
          problem: `unknown key ${quoteUntrusted(key)}`,
          instruction: instructionFor(issue),
        })
      }
      continue
    }
    const message =
      issue.code === 'invalid_union' && issue.errors.length > 0
        ? (issue.errors
            .flat()
            .map((e) => e.message)
            .find((m) => m.startsWith('must')) ?? issue.message)
        : issue.message
    out.push({
      file,
      ...doc.locate(issue.path),
      path: formatPath(issue.path),
      problem: message,
      instruction: instructionFor(issue),
    })
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column)
}

/** At most this many further issues are listed after the first. */
const MAX_LISTED_ISSUES = 10

/** Problem text of the first issue plus up to ten others (and how many more there are). */
export function summarizeIssues(issues: LocatedIssue[]): string {
  const [first, ...rest] = issues
  if (!first) return 'invalid'
  const more = rest
    .slice(0, MAX_LISTED_ISSUES)
    .map((i) => `${i.file}:${i.line}:${i.column} at ${i.path}: ${i.problem}`)
  if (rest.length > MAX_LISTED_ISSUES) more.push(`... and ${rest.length - MAX_LISTED_ISSUES} more`)
  return more.length ? `${first.problem}\n  also:\n    ${more.join('\n    ')}` : first.problem
}
