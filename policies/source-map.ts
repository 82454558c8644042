import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml'

/** A parsed YAML (or JSON) document that can point at the line and column of any path inside it. */
export type LocatedDocument = {
  /** Plain JS value of the document. */
  value: unknown
  /** Syntax errors: message with 1-based line/column. */
  errors: { message: string; line: number; column: number }[]
  /** Line/column of the node at `path` (or of its nearest existing ancestor); `key` points at the key. */
  locate: (path: readonly PropertyKey[], options?: { key?: boolean }) => { line: number; column: number }
}

/** Parses YAML text (JSON is YAML) keeping positions. Pure: no I/O. */
export function parseLocated(text: string): LocatedDocument {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const pos = (offset: number) => {
    const p = lineCounter.linePos(offset)
    return { line: p.line, column: p.col }
  }
  const errors = doc.errors.map((e) => ({
    message: e.message.split('\n')[0] ?? e.message,
    ...pos(e.pos[0]),
  }))
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
  return { value: doc.errors.length ? undefined : doc.toJS(), errors, locate }
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
