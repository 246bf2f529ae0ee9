import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadCsv } from '../../../engine/data/csv'
import { loadDataset } from '../../../engine/data/registry'
import { tempDir } from './tmp'

const dir = tempDir('csv')
const write = (name: string, text: string) => {
  const file = join(dir, name)
  writeFileSync(file, text)
  return file
}

const IRIS = `sepal,petal,species
5.1,1.4,setosa
4.9,1.3,setosa
7.0,4.7,versicolor
6.4,4.5,versicolor
6.3,6.0,virginica
5.8,5.1,virginica
`

describe('csv loading', () => {
  it('text target → classification, sorted class names, standardised features', async () => {
    const ds = await loadCsv({ path: write('iris.csv', IRIS) })
    expect(ds.task).toBe('classification')
    expect(ds.classNames).toEqual(['setosa', 'versicolor', 'virginica'])
    expect(ds.numClasses).toBe(3)
    expect(ds.inputShape).toEqual([2])
    expect(ds.targetShape).toEqual([])
    expect(ds.size).toBe(6)
    expect(ds.meta?.featureNames).toEqual(['sepal', 'petal'])
    expect(ds.meta?.targetName).toBe('species')
    const mean = ds.meta?.mean as number[]
    const std = ds.meta?.std as number[]
    expect(mean[0]).toBeCloseTo((5.1 + 4.9 + 7 + 6.4 + 6.3 + 5.8) / 6, 5)
    // Each row, un-standardised, is a source row with the matching label.
    const rows = IRIS.trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
    for (let i = 0; i < ds.size; i++) {
      const sepal = ds.x[2 * i] * std[0] + mean[0]
      const petal = ds.x[2 * i + 1] * std[1] + mean[1]
      const row = rows.find(
        (r) => Math.abs(Number(r[0]) - sepal) < 1e-4 && Math.abs(Number(r[1]) - petal) < 1e-4,
      )
      expect(row?.[2]).toBe(ds.classNames![ds.y[i]])
    }
  })

  it('few integer targets → classification; many real values → regression; task overrides', async () => {
    const ints = write('ints.csv', 'a,label\n1,3\n2,1\n3,3\n4,2\n')
    const ds = await loadCsv({ path: ints })
    expect(ds.task).toBe('classification')
    expect(ds.classNames).toEqual(['1', '2', '3'])
    expect((await loadCsv({ path: ints, task: 'regression' })).task).toBe('regression')
    const reals = write('reals.csv', 'a,price\n1,3.5\n2,1.25\n3,3\n')
    const reg = await loadCsv({ path: reals })
    expect(reg.task).toBe('regression')
    expect(reg.targetShape).toEqual([1])
    expect(reg.y).toBeInstanceOf(Float32Array)
    expect([...reg.y].sort()).toEqual([1.25, 3, 3.5])
    const manyInts = write(
      'many.csv',
      'a,count\n' + Array.from({ length: 30 }, (_, i) => `${i},${i * 7}`).join('\n'),
    )
    expect((await loadCsv({ path: manyInts })).task).toBe('regression')
  })

  it('picks the target by name (case-insensitive) and one-hot encodes text features', async () => {
    const file = write('mixed.csv', 'Colour,size,Price\nred,1,10\nblue,2,20.5\nred,3,30\ngreen,4,41\n')
    const ds = await loadCsv({ path: file, target: 'size' })
    expect(ds.meta?.targetName).toBe('size')
    expect(ds.meta?.featureNames).toEqual(['Colour=blue', 'Colour=green', 'Colour=red', 'Price'])
    expect(ds.meta?.categories).toEqual({ Colour: ['blue', 'green', 'red'] })
    for (let i = 0; i < ds.size; i++) {
      const onehot = [...ds.x.subarray(i * 4, i * 4 + 3)]
      expect(onehot.sort()).toEqual([0, 0, 1])
    }
    expect((await loadCsv({ path: file, target: 'price' })).meta?.targetName).toBe('Price')
  })

  it('reads quotes, embedded separators/newlines, CRLF, semicolons and a BOM', async () => {
    const file = write('quoted.csv', '\uFEFFname;"x; y";t\r\n"a ""quoted""\nname";1;0\r\nb;2;1\r\n')
    const ds = await loadCsv({ path: file })
    expect(ds.meta?.featureNames).toEqual(['name=a "quoted"\nname', 'name=b', 'x; y'])
    expect(ds.size).toBe(2)
  })

  it('is seeded and honours limit', async () => {
    const big = write('big.csv', 'a,b\n' + Array.from({ length: 100 }, (_, i) => `${i},${i % 2}`).join('\n'))
    const a = await loadCsv({ path: big })
    const b = await loadDataset('csv', { path: big })
    expect(b.x).toEqual(a.x)
    expect((await loadCsv({ path: big, seed: 2 })).y).not.toEqual(a.y)
    expect((await loadCsv({ path: big, limit: 10 })).size).toBe(10)
  })
})

describe('csv errors name the file and the row/column', () => {
  const cases: [string, string, Record<string, string>, RegExp][] = [
    ['empty.csv', '', {}, /empty\.csv is empty/],
    ['blank.csv', '\n \n', {}, /blank\.csv is empty/],
    ['header.csv', 'a,b,c\n', {}, /header\.csv has a header but no data rows/],
    ['ragged.csv', 'a,b,c\n1,2,3\n4,5\n', {}, /ragged\.csv, line 3: 2 values but the header has 3 columns/],
    ['missing.csv', 'a,b,c\n1,2,3\n4,,6\n', {}, /missing\.csv, line 3, column "b": missing value/],
    ['na.csv', 'a,b,c\n1,2,3\n4,NA,6\n', {}, /na\.csv, line 3, column "b": missing value "NA"/],
    ['text.csv', 'a,b\n1,2\n2,x\n3,4\n', {}, /text\.csv, line 3, column "b": "x" is not a number/],
    [
      'target.csv',
      'a,b\n1,2\n',
      { target: 'price' },
      /target\.csv: no column "price" to predict; the columns are a, b/,
    ],
    [
      'wide.csv',
      `${Array.from({ length: 30 }, (_, i) => `c${i}`).join(',')}\n${'1,'.repeat(29)}1\n`,
      { target: 'price' },
      /wide\.csv: no column "price" to predict; the columns are c0, c1, .*, c19, … \(30 in all\)$/,
    ],
    ['dup.csv', 'a,a\n1,2\n', {}, /dup\.csv, line 1: the header names column "a" twice/],
    ['only.csv', 'y\n1\n2\n', {}, /only\.csv: only the target column "y"/],
    ['quote.csv', 'a,b\n1,"2\n3,4\n', {}, /quote\.csv: line 2: a quoted field is never closed/],
  ]
  it.each(cases)('%s', async (name, text, opts, message) => {
    await expect(loadCsv({ path: write(name, text), ...opts })).rejects.toThrow(message)
  })

  it('counts lines across quoted newlines', async () => {
    const file = write('multi.csv', 'note,b\n"two\nlines",1\nok,\n')
    await expect(loadCsv({ path: file })).rejects.toThrow(/multi\.csv, line 4, column "b": missing value/)
  })

  it('rejects text features with too many categories and text regression targets', async () => {
    const ids = write(
      'ids.csv',
      'id,y\n' + Array.from({ length: 30 }, (_, i) => `user${i},${i % 2}`).join('\n'),
    )
    await expect(loadCsv({ path: ids })).rejects.toThrow(/ids\.csv, column "id": text values .*30 distinct/)
    const reg = write('reg.csv', 'a,y\n1,cat\n2,dog\n')
    await expect(loadCsv({ path: reg, task: 'regression' })).rejects.toThrow(
      /reg\.csv, column "y": regression needs/,
    )
  })

  it('names a file that cannot be read', async () => {
    await expect(loadCsv({ path: join(dir, 'nope.csv') })).rejects.toThrow(/nope\.csv: cannot read the file/)
    await expect(loadCsv({})).rejects.toThrow(/no file given/)
  })
})
