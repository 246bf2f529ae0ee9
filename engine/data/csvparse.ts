/**
 * A small RFC 4180 reader: quoted fields, doubled quotes, separators and newlines inside quotes,
 * CRLF. Each record remembers the file line it starts on, so errors can point at it.
 */
export interface CsvRecord {
  line: number
  cells: string[]
}

/** How many times `sep` occurs in the header line, outside quotes. */
function headerSeparators(text: string, sep: string): number {
  const end = text.search(/\r?\n/)
  const header = end < 0 ? text : text.slice(0, end)
  let count = 0
  let quoted = false
  for (const ch of header) {
    if (ch === '"') quoted = !quoted
    else if (ch === sep && !quoted) count++
  }
  return count
}

/** The separator is whichever of , ; tab occurs most in the header line (outside quotes). */
export function sniffSeparator(text: string): string {
  let best = ','
  let bestCount = 0
  for (const sep of [',', ';', '\t']) {
    const count = headerSeparators(text, sep)
    if (count > bestCount) [best, bestCount] = [sep, count]
  }
  return best
}

/** Columns the header names; records cannot hold more cells than separators and lines allow. */
export function csvExtent(text: string, sep: string): { columns: number; lines: number; cells: number } {
  const s = sep.charCodeAt(0)
  let lines = 1
  let seps = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x0a) lines++
    else if (c === s) seps++
  }
  return { columns: headerSeparators(text, sep) + 1, lines, cells: seps + lines }
}

export function parseCsv(text: string, sep: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = []
  let cells: string[] = []
  let cell = ''
  let line = 1
  let start = 1
  let quoted = false
  let sawQuote = false
  const endRecord = () => {
    cells.push(cell)
    // Blank lines (common at the end of files) are not records.
    if (!(cells.length === 1 && cells[0].trim() === '' && !sawQuote)) records.push({ line: start, cells })
    cells = []
    cell = ''
    sawQuote = false
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else {
        if (ch === '\n') line++
        cell += ch
      }
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true
      sawQuote = true
      cell = ''
    } else if (ch === sep) {
      cells.push(cell)
      cell = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      endRecord()
      line++
      start = line
    } else cell += ch
  }
  if (quoted) throw new Error(`${file}: line ${start}: a quoted field is never closed`)
  if (cell !== '' || cells.length > 0 || sawQuote) endRecord()
  return records
}
