import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml'
import { findExcessiveNesting, MAX_ALIAS_COUNT, MAX_NESTING_DEPTH } from './input-limits.js'

/** A parsed YAML (or JSON) document that can point at the line and column of any path inside it. */
export type LocatedDocument = {
  /** Plain JS value of the document. */
  value: unknown
  /**
   * Syntax errors (message with 1-based line/column) and limit violations (too deep, alias bomb), which
   * carry their own `instruction`.
   */
  errors: LocatedError[]
  /** Line/column of the node at `path` (or of its nearest existing ancestor); `key` points at the key. */
  locate: (path: readonly PropertyKey[], options?: { key?: boolean }) => { line: number; column: number }
}

/** A syntax error or limit violation at a 1-based line/column; limit violations say how to fix them. */
export type LocatedError = { message: string; line: number; column: number; instruction?: string }

/** 1-based line and column of an offset (a plain scan: the text may not have been parsed). */
export function offsetPosition(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lastNewline = -1
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lastNewline = i
    }
  }
  return { line, column: offset - lastNewline }
}

const failed = (error: LocatedError): LocatedDocument => ({
  value: undefined,
  errors: [error],
  locate: () => ({ line: error.line, column: error.column }),
})

/**
 * Parses YAML text (JSON is YAML) keeping positions. Pure: no I/O. Bounded: nesting beyond
 * {@link MAX_NESTING_DEPTH} is refused by a linear scan before parsing, and alias expansion beyond
 * {@link MAX_ALIAS_COUNT} (a "billion laughs" bomb) is refused while converting; both come back as
 * located errors, never as exceptions.
 */
export function parseLocated(text: string): LocatedDocument {
  const tooDeep = findExcessiveNesting(text)
  if (tooDeep) return failed({ ...tooDeep, ...offsetPosition(text, tooDeep.offset) })
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' })
  const pos = (offset: number) => {
    const p = lineCounter.linePos(offset)
    return { line: p.line, column: p.col }
  }
  const errors: LocatedError[] = doc.errors.map((e) => ({
    message: e.message.split('\n')[0] ?? e.message,
    ...pos(e.pos[0]),
  }))
  if (errors.length === 0) {
    const shape = checkShape(doc.contents)
    if (shape.tooDeep) {
      errors.push({
        message: `nested more than ${MAX_NESTING_DEPTH} levels deep`,
        ...pos(shape.tooDeep),
        instruction: 'Flatten the structure: a policy or snapshot needs only a few levels.',
      })
    }
  }
  let value: unknown
  if (errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
    } catch (error) {
      const alias = checkShape(doc.contents).firstAlias ?? 0
      errors.push({
        message:
          error instanceof ReferenceError && /alias/i.test(error.message)
            ? `aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT}; an alias bomb?)`
            : `cannot convert the document: ${error instanceof Error ? error.message : String(error)}`,
        ...pos(alias),
        instruction: 'Write the values out instead of repeating anchors (&name) through aliases (*name).',
      })
    }
  }
  const locate = (path: readonly PropertyKey[], options: { key?: boolean } = {}) => {
    let node: unknown = doc.contents
    let offset = (doc.contents as Node | null)?.range?.[0] ?? 0
    for (let k = 0; k < path.length; k++) {
      const seg = path[k]
      const last = k === path.length - 1
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg))
        if (!pair) break
        const keyNode = pair.key as Node
        if (last && options.key) {
          offset = keyNode.range?.[0] ?? offset
          break
        }
        node = pair.value
        offset = (pair.value as Node | null)?.range?.[0] ?? keyNode.range?.[0] ?? offset
      } else if (isSeq(node)) {
        const item = node.items[Number(seg)] as Node | undefined
        if (!item) break
        node = item
        offset = item.range?.[0] ?? offset
      } else break
    }
    return pos(offset)
  }
  return { value: errors.length ? undefined : value, errors, locate }
}

/**
 * Walks the node tree without recursion: the offset of the first node nested deeper than
 * {@link MAX_NESTING_DEPTH} and of the first alias, if any.
 */
function checkShape(root: unknown): { tooDeep?: number; firstAlias?: number } {
  const out: { tooDeep?: number; firstAlias?: number } = {}
  const stack: [unknown, number][] = [[root, 0]]
  while (stack.length) {
    const [node, depth] = stack.pop()!
    if (isAlias(node)) {
      const at = node.range?.[0] ?? 0
      if (out.firstAlias === undefined || at < out.firstAlias) out.firstAlias = at
    } else if (isMap(node) || isSeq(node)) {
      if (depth >= MAX_NESTING_DEPTH) {
        out.tooDeep ??= node.range?.[0] ?? 0
        continue
      }
      for (const item of node.items) stack.push([item, depth + 1])
    } else if (isPair(node)) {
      stack.push([node.key, depth], [node.value, depth])
    }
  }
  return out
}

/**
 * A {@link LocatedDocument} parsed only when first used: the snapshot needs positions only to report an
 * error, and JSON.parse is much faster than a position-keeping YAML parse.
 */
export function deferLocated(text: string): LocatedDocument {
  let doc: LocatedDocument | undefined
  const get = () => {
    doc ??= parseLocated(text)
    return doc
  }
  return {
    get value() {
      return get().value
    },
    get errors() {
      return get().errors
    },
    locate: (path, options) => get().locate(path, options),
  }
}

/** Formats a path like `markets[3].maxUsd`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else out += out ? `.${String(seg)}` : String(seg)
  }
  return out || '(root)'
}
