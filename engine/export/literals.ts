/**
 * The one way untrusted text (graph names, descriptions, node ids, dataset names and paths) enters
 * a generated file: one encoder per target language, so a name can only ever be data. Pure string
 * functions with no imports: the layer registry, which the renderer loads, uses pyStr.
 *
 * JSON needs nothing here (JSON.stringify is exact), and neither do ONNX strings: onnx/wire.ts
 * writes them as UTF-8 bytes with their byte length.
 */

/**
 * Characters a reader or a tool could take for something other than plain text: controls (NUL
 * ends a C string, CR/LF/NEL/U+2028/U+2029 end lines in some editors and tokenizers), format
 * characters (U+202E and the other bidi overrides reorder what a reviewer sees: "Trojan Source"),
 * lone surrogates (not encodable as UTF-8) and unassigned or private-use code points.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu

const hex = (c: string, width: number) => c.codePointAt(0)!.toString(16).padStart(width, '0')

/** Python's escape for one code point: \xNN, \uNNNN or \UNNNNNNNN. */
function pyEscapeChar(c: string): string {
  const cp = c.codePointAt(0)!
  if (c === '\n') return '\\n'
  if (c === '\r') return '\\r'
  if (c === '\t') return '\\t'
  if (cp < 0x100) return '\\x' + hex(c, 2)
  if (cp < 0x10000) return '\\u' + hex(c, 4)
  return '\\U' + hex(c, 8)
}

/**
 * The body of a Python string literal (no quotes) that reads back as exactly `s`: backslashes and
 * both quote characters escaped, so it is safe between '…', "…", '''…''' and """…""" alike, and on
 * one physical line. Readable text (accents, CJK, emoji) stays as it is.
 */
export function pyEscape(s: string): string {
  return s.replace(/[\\'"]/g, (c) => '\\' + c).replace(INVISIBLE, pyEscapeChar)
}

/** A single-quoted Python string literal equal to `s`. */
export const pyStr = (s: string): string => `'${pyEscape(s)}'`

// what Markdown (and the HTML it allows) reads anywhere in a line; `<` and `&` become entities
const MD_INLINE = /[\\`*_[\]<>#|~&$]/g
// what it reads only where a line starts: list items, quotes, setext underlines, ordered lists
const MD_LINE_START = /^(\s*\d*)([-+=.)])/

/**
 * Text for a Markdown paragraph, heading or table cell that renders as exactly `s`, as text: the
 * marks Markdown or its HTML could read are escaped (no link, tag, entity, code span or table
 * cell can form), line breaks become spaces and other invisible characters visible U+XXXX, so a
 * name cannot end its heading and start a document of its own.
 */
export function mdText(s: string): string {
  return s
    .replace(MD_INLINE, (c) => (c === '<' ? '&lt;' : c === '&' ? '&amp;' : '\\' + c))
    .replace(/\r\n|[\n\r\u2028\u2029\u0085]/g, ' ')
    .replace(INVISIBLE, (c) => `U+${hex(c, 4).toUpperCase()}`)
    .replace(MD_LINE_START, (_, lead: string, mark: string) => `${lead}\\${mark}`)
}
