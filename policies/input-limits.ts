import { z } from 'zod'

/**
 * Size and shape limits of the untrusted input files (policy YAML, snapshot JSON). Every limit is far above
 * what a real file needs (the production example policy is 2 KB, 4 levels deep, no aliases) and low enough
 * that a hostile file is rejected in milliseconds, before the parser spends time or memory on it.
 */

/** Largest USD amount any field accepts (1e15 USD: a thousand times the world's M2, still exact in float). */
export const MAX_USD = 1e15

/** Longest list of markets, groups, routes or approvers a policy may hold. */
export const MAX_LIST = 500

/** Ids (market ids, group names, approver ids, the policy name): a safe alphabet, at most 64 characters. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/

/** An id of the safe alphabet {@link ID_PATTERN}: prints as-is and never carries escape sequences. */
export const idSchema = (what: string, example: string) =>
  z
    .string({ message: `must be a string (${what})` })
    .regex(ID_PATTERN, {
      message: `must be an id of letters, digits and . _ : / - (starting with a letter or digit, at most 64 characters), such as "${example}"`,
    })
    .meta({ description: `${what[0]!.toUpperCase()}${what.slice(1)}: ${ID_PATTERN.source}` })

/** A policy file may hold at most 1 MiB. */
export const MAX_POLICY_BYTES = 1024 * 1024
/** A snapshot file may hold at most 2 MiB (a six-chain snapshot is about 10 KB). */
export const MAX_SNAPSHOT_BYTES = 2 * 1024 * 1024
/** Collections may nest at most 32 levels (a policy uses 5). */
export const MAX_NESTING_DEPTH = 32
/** Block indentation of at most 128 columns (a policy uses 6). */
export const MAX_INDENT_COLUMNS = 128
/**
 * Alias expansion budget of the `yaml` package (`maxAliasCount`): a few anchors reused a few times are
 * fine, a "billion laughs" alias bomb is not.
 */
export const MAX_ALIAS_COUNT = 100

/** `1048576` -> `1 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`
  return `${bytes} bytes`
}

/** Where a text breaks a shape limit: an offset into the text, the problem and the fix. */
export type LimitViolation = { offset: number; message: string; instruction: string }

const tokenStart = (prev: string | undefined) =>
  prev === undefined ||
  prev === ' ' ||
  prev === '\t' ||
  prev === '\n' ||
  prev === '\r' ||
  prev === '[' ||
  prev === '{' ||
  prev === ',' ||
  prev === ':'

const flattenHint = `Flatten the structure: a policy or snapshot needs only a few levels (see policies/example.yaml).`

/**
 * Finds nesting that exceeds {@link MAX_NESTING_DEPTH} (flow brackets, or block sequence indicators on one
 * line) or indentation beyond {@link MAX_INDENT_COLUMNS}, in one linear pass over the text, before a
 * parser (whose composer recurses per level) sees it. Quoted strings and comments are skipped; the count may
 * over-estimate nesting only for plain scalars full of brackets, which no policy has. Pure.
 */
export function findExcessiveNesting(text: string, maxDepth = MAX_NESTING_DEPTH): LimitViolation | undefined {
  let depth = 0
  let lineStart = true
  let indent = 0
  let indicators = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '\n') {
      lineStart = true
      indent = 0
      indicators = 0
      continue
    }
    if (lineStart && c === ' ') {
      if (++indent > MAX_INDENT_COLUMNS)
        return {
          offset: i,
          message: `indented more than ${MAX_INDENT_COLUMNS} columns`,
          instruction: flattenHint,
        }
      continue
    }
    lineStart = false
    const prev = i > 0 ? text[i - 1] : undefined
    if ((c === '"' || c === "'") && tokenStart(prev)) {
      // Skip the quoted scalar (it may span lines; it cannot nest).
      for (i++; i < text.length; i++) {
        const q = text[i]
        if (c === '"' && q === '\\') i++
        else if (q === c) {
          if (c === "'" && text[i + 1] === "'") i++
          else break
        }
      }
      continue
    }
    if (c === '#' && (prev === undefined || prev === ' ' || prev === '\t' || prev === '\n')) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++
      continue
    }
    if (c === '[' || c === '{') {
      if (++depth > maxDepth)
        return { offset: i, message: `nested more than ${maxDepth} levels deep`, instruction: flattenHint }
    } else if (c === ']' || c === '}') {
      if (depth > 0) depth--
    } else if ((c === '-' || c === '?') && depth === 0 && tokenStart(prev)) {
      const next = text[i + 1]
      if ((next === ' ' || next === '\n' || next === undefined) && ++indicators > maxDepth)
        return {
          offset: i,
          message: `more than ${maxDepth} nested block entries on one line`,
          instruction: flattenHint,
        }
    }
  }
  return undefined
}
