import { readFile, stat } from 'node:fs/promises'
import { checkBytes, checkFileBytes, MAX_CSV_COLUMNS } from '../budget/data'
import { BoundError } from '../budget/untrusted'
import { shuffleAndLimit, standardizeColumns } from './batches'
import { csvExtent, parseCsv, sniffSeparator, type CsvRecord } from './csvparse'
import type { Dataset, DatasetOptions, Task } from './types'

/** Above this many distinct values a text column is more likely an id or free text than a category. */
export const MAX_CATEGORIES = 20
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?'])
/** Memory per byte of file while it is read: the text itself and its cells. */
const BYTES_PER_FILE_BYTE = 8
/** Memory per parsed cell: its string, the row's slot for it, its number and its feature value. */
const BYTES_PER_CELL = 64

const asNumber = (s: string) => {
  const t = s.trim()
  return t === '' ? NaN : Number(t)
}

interface Column {
  name: string
  cells: string[]
  numeric: boolean
}

/**
 * A user CSV with a header row. Target = opts.target (default: last column). Classification when
 * the target is text or has ≤ 20 distinct integer values, else regression; opts.task overrides.
 * Numeric features are standardised, text features one-hot encoded (≤ 20 categories).
 */
export async function loadCsv(opts: DatasetOptions = {}): Promise<Dataset> {
  const file = opts.path
  if (!file) throw new Error('csv: no file given (set path to a .csv file)')
  let text: string
  try {
    checkFileBytes(file, (await stat(file)).size, BYTES_PER_FILE_BYTE, 'CSV')
    text = await readFile(file, 'utf8')
  } catch (e) {
    if (e instanceof BoundError) throw e
    throw new Error(`${file}: cannot read the file (${(e as Error).message})`, { cause: e })
  }
  text = text.replace(/^\uFEFF/, '')
  if (text.trim() === '') throw new Error(`${file} is empty: expected a header row and data rows`)
  const sep = sniffSeparator(text)
  checkExtent(file, text, sep)
  const [head, ...rows] = parseCsv(text, sep, file)
  const names = head.cells.map((c, i) => c.trim() || `column ${i + 1}`)
  const seen = new Set<string>()
  const dup = names.find((n) => seen.size === seen.add(n).size)
  if (dup) throw new Error(`${file}, line ${head.line}: the header names column "${dup}" twice`)
  if (rows.length === 0) throw new Error(`${file} has a header but no data rows`)
  for (const r of rows) {
    if (r.cells.length !== names.length)
      throw new Error(
        `${file}, line ${r.line}: ${r.cells.length} values but the header has ${names.length} columns`,
      )
  }
  const columns = names.map((name, c) => typeColumn(file, name, rows, c))
  const targetIndex = findTarget(file, names, opts.target)
  const target = columns[targetIndex]
  const features = columns.filter((_, c) => c !== targetIndex)
  if (features.length === 0) throw new Error(`${file}: only the target column "${target.name}"; no features`)

  const encoded = features.map((col) => encodeFeature(file, col))
  const featureNames = encoded.flatMap((e) => e.names)
  const width = featureNames.length
  const x = new Float32Array(rows.length * width)
  for (let r = 0; r < rows.length; r++) {
    let at = r * width
    for (const e of encoded) at = e.write(r, x, at)
  }
  const { task, y, classNames } = encodeTarget(file, target, opts.task)
  const ds = shuffleAndLimit(
    {
      name: file,
      task,
      inputShape: [width],
      inputDtype: 'float32',
      targetShape: task === 'regression' ? [1] : [],
      numClasses: classNames?.length,
      classNames,
      size: rows.length,
      x,
      xScale: 1,
      y,
    },
    opts,
  )
  const numericMask = encoded.flatMap((e) => e.names.map(() => e.categories === undefined))
  const stats = standardizeColumns(ds.x as Float32Array, width, numericMask)
  const categories = Object.fromEntries(
    encoded.filter((e) => e.categories).map((e) => [e.column, e.categories]),
  )
  return { ...ds, meta: { file, featureNames, targetName: target.name, ...stats, categories } }
}

/** The header's width and the cells the whole file can hold, checked before it is parsed. */
function checkExtent(file: string, text: string, sep: string): void {
  const { columns, lines, cells } = csvExtent(text, sep)
  if (columns > MAX_CSV_COLUMNS)
    throw new BoundError(
      `${file}, line 1: the header has ${columns.toLocaleString('en')} columns, more than the ` +
        `${MAX_CSV_COLUMNS.toLocaleString('en')} Deepwire reads as features`,
    )
  checkBytes(
    file,
    `${lines.toLocaleString('en')} lines with up to ${cells.toLocaleString('en')} values`,
    cells * BYTES_PER_CELL,
    'use a smaller file',
  )
}

/** Missing cells are errors and numeric-looking columns must be numeric everywhere. */
function typeColumn(file: string, name: string, rows: CsvRecord[], c: number): Column {
  const cells = rows.map((r) => r.cells[c].trim())
  let numbers = 0
  cells.forEach((cell, i) => {
    if (MISSING.has(cell.toLowerCase()))
      throw new Error(
        `${file}, line ${rows[i].line}, column "${name}": missing value${cell ? ` "${cell}"` : ''}`,
      )
    if (Number.isFinite(asNumber(cell))) numbers++
  })
  const numeric = numbers * 2 > cells.length
  if (numeric && numbers < cells.length) {
    const i = cells.findIndex((cell) => !Number.isFinite(asNumber(cell)))
    throw new Error(
      `${file}, line ${rows[i].line}, column "${name}": "${cells[i]}" is not a number (the column is numeric elsewhere)`,
    )
  }
  return { name, cells, numeric }
}

function findTarget(file: string, names: string[], wanted?: string): number {
  if (wanted === undefined) return names.length - 1
  let i = names.indexOf(wanted)
  if (i < 0) i = names.findIndex((n) => n.toLowerCase() === wanted.trim().toLowerCase())
  // a header can name 65,536 columns: list the first few
  const listed =
    names.length > 20 ? `${names.slice(0, 20).join(', ')}, … (${names.length} in all)` : names.join(', ')
  if (i < 0) throw new Error(`${file}: no column "${wanted}" to predict; the columns are ${listed}`)
  return i
}

/** Category key of a cell: numbers by value, so "1" and "1.0" are one class. */
const keyOf = (col: Column, cell: string) => (col.numeric ? String(asNumber(cell)) : cell)

function distinctSorted(col: Column): string[] {
  const values = [...new Set(col.cells.map((c) => keyOf(col, c)))]
  return col.numeric ? values.sort((a, b) => Number(a) - Number(b)) : values.sort()
}

function encodeFeature(file: string, col: Column) {
  if (col.numeric) {
    const values = col.cells.map(asNumber)
    return {
      column: col.name,
      names: [col.name],
      categories: undefined,
      write: (r: number, x: Float32Array, at: number) => {
        x[at] = values[r]
        return at + 1
      },
    }
  }
  const categories = distinctSorted(col)
  if (categories.length > MAX_CATEGORIES) {
    const examples = categories.slice(0, 3).map((v) => `"${v}"`)
    throw new Error(
      `${file}, column "${col.name}": text values (${examples.join(', ')}, …: ${categories.length} distinct) ` +
        `cannot be one-hot encoded (limit ${MAX_CATEGORIES}); remove the column or convert it to numbers`,
    )
  }
  const ids = col.cells.map((v) => categories.indexOf(v))
  return {
    column: col.name,
    names: categories.map((v) => `${col.name}=${v}`),
    categories,
    write: (r: number, x: Float32Array, at: number) => ((x[at + ids[r]] = 1), at + categories.length),
  }
}

function encodeTarget(file: string, col: Column, override?: Task) {
  const values = col.numeric ? col.cells.map(asNumber) : []
  const auto =
    !col.numeric || (values.every(Number.isInteger) && new Set(values).size <= MAX_CATEGORIES)
      ? 'classification'
      : 'regression'
  const task = override ?? auto
  if (task === 'regression') {
    if (!col.numeric)
      throw new Error(`${file}, column "${col.name}": regression needs a numeric target column`)
    return { task, y: Float32Array.from(values), classNames: undefined }
  }
  if (task !== 'classification')
    throw new Error(`${file}: task "${task}" is not possible for a CSV; use classification or regression`)
  const classNames = distinctSorted(col)
  const id = new Map(classNames.map((v, i) => [v, i]))
  return { task, y: Int32Array.from(col.cells, (v) => id.get(keyOf(col, v)) ?? 0), classNames }
}
