import type { Confusion } from '../protocol'

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`)

/**
 * The validation confusion matrix and per-class accuracy as a plain-text table for the terminal.
 * Columns are numbered rather than named so ten classes still fit an 80-column line; the rows
 * carry the names.
 */
export function formatConfusion(c: Confusion): string {
  const k = c.matrix.length
  const names = Array.from({ length: k }, (_, i) => `${i} ${c.classNames?.[i] ?? ''}`.trim().slice(0, 16))
  const nameW = Math.max(...names.map((n) => n.length), 'true \\ predicted'.length)
  const cellW = Math.max(...c.matrix.flat().map((v) => String(v).length), String(k - 1).length) + 1
  const head = 'true \\ predicted'.padEnd(nameW) + names.map((_, i) => String(i).padStart(cellW)).join('')
  const rows = c.matrix.map(
    (row, t) =>
      names[t].padEnd(nameW) +
      row.map((v) => String(v).padStart(cellW)).join('') +
      pct(c.perClassAccuracy[t]).padStart(9),
  )
  const present = c.perClassAccuracy.filter((v): v is number => v !== null)
  const mean = present.length ? present.reduce((a, b) => a + b, 0) / present.length : null
  return [
    'validation confusion matrix (rows: true class, columns: predicted; last column: accuracy of the class)',
    head + 'accuracy'.padStart(9),
    ...rows,
    `mean per-class accuracy ${pct(mean)}`,
  ].join('\n')
}
