import { describe, expect, it } from 'vitest'
import { folderName, MAX_PART_BYTES, namePartProblem } from '../../../engine/node/file-names'

describe('names written to disk', () => {
  it.each([
    'table.csv',
    'cat',
    'é.png',
    '数据',
    'שלום.csv',
    '🐱.png',
    '.DS_Store',
    'con-tent.txt',
    'com10',
    'x'.repeat(MAX_PART_BYTES),
  ])('accepts the name part %j', (part) => {
    expect(namePartProblem(part)).toBeNull()
  })

  it.each([
    ['', /is not a name/],
    ['.', /is not a name/],
    ['..', /is not a name/],
    ['CON', /reserves for a device/],
    ['con.txt', /reserves for a device/],
    ['Lpt9.log', /reserves for a device/],
    ['COM¹', /reserves for a device/],
    ['a:b', /holds a character file names may not hold/],
    ['a?b', /holds a character/],
    ['tab\there', /holds a character/],
    ['new\nline', /holds a character/],
    ['trailing.', /ends with a dot or a space/],
    ['trailing ', /ends with a dot or a space/],
    ['é'.repeat(128), /longer than 255 bytes/],
  ])('refuses the name part %j', (part, why) => {
    expect(namePartProblem(part)).toMatch(why)
  })

  it('normalises folder names to NFC and refuses dots, devices and other characters', () => {
    expect(folderName('cafe\u0301')).toEqual({ name: 'caf\u00e9' })
    expect(folderName('हिन्दी डेटा')).toEqual({ name: 'हिन्दी डेटा' })
    expect(folderName('..')).toEqual({ problem: "'..' may not start with a dot" })
    expect(folderName('.config')).toEqual({ problem: "'.config' may not start with a dot" })
    expect(folderName('aux')).toEqual({ problem: "'aux' is a name Windows reserves for a device" })
    expect(folderName('a/b')).toEqual({
      problem: "'a/b' may hold 1 to 80 letters, digits, spaces, _ . - only",
    })
    expect('problem' in folderName('x'.repeat(81))).toBe(true)
  })
})
