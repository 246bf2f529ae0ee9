/**
 * Bounds for untrusted documents (graph files, checkpoints' embedded graphs, WebSocket frames,
 * IPC payloads), checked before anything recursive touches them: JSON.parse, zod and our own
 * walkers recurse, so a value nested 100,000 levels deep would overflow the stack first.
 */

/** Deeper than any real document: a graph is document → blocks → block → nodes → node → params → array. */
export const MAX_JSON_DEPTH = 64

/** Longest piece of untrusted text quoted back in a message. */
export const QUOTE_CHARS = 80

export class BoundError extends Error {
  override name = 'BoundError'
}

/**
 * JSON.parse after a linear scan of the text's nesting depth (strings skipped), so a hostile
 * document is refused with a sentence instead of a stack overflow or a heap of nested arrays.
 */
export function parseJsonBounded(text: string, what: string, maxDepth = MAX_JSON_DEPTH): unknown {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > maxDepth)
        throw new BoundError(
          `${what} nests arrays or objects more than ${maxDepth} levels deep (at character ${i})`,
        )
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--
  }
  return JSON.parse(text) as unknown
}

/**
 * The same bound for a value that arrived already built (Electron's structured clone), walked
 * with an explicit stack so the check itself cannot overflow.
 */
export function checkDepth(value: unknown, what: string, maxDepth = MAX_JSON_DEPTH): void {
  const stack: Array<[unknown, number]> = [[value, 1]]
  while (stack.length) {
    const [v, d] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (d > maxDepth)
      throw new BoundError(`${what} nests arrays or objects more than ${maxDepth} levels deep`)
    for (const child of Object.values(v))
      if (child !== null && typeof child === 'object') stack.push([child, d + 1])
  }
}

/**
 * Untrusted text for a message: JSON-quoted, at most QUOTE_CHARS characters of it, and how long
 * the rest is — a 1 MB node id must not become a 1 MB error.
 */
export function quote(text: string, max = QUOTE_CHARS): string {
  if (text.length <= max) return `'${text}'`
  return `'${text.slice(0, max)}…' (${text.length.toLocaleString('en')} characters)`
}

/** A list of untrusted names for a message: the first few quoted, then how many more. */
export function quoteList(names: readonly string[], shown = 5): string {
  const head = names
    .slice(0, shown)
    .map((n) => quote(n, 40))
    .join(', ')
  return names.length > shown ? `${head} and ${(names.length - shown).toLocaleString('en')} more` : head
}

/**
 * A table keyed by untrusted names (node ids, ports): no prototype, so '__proto__' or
 * 'constructor' is a key like any other instead of Object's setter or method.
 */
export const idRecord = <T>(): Record<string, T> => Object.create(null) as Record<string, T>
