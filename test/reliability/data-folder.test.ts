/**
 * The data folder holds the user's projects, runs and uploads. Hostile names and links must
 * never make the engine host write or remove anything outside the place a request is about:
 * uploads stay inside imported/, projects are only regular files inside projects/.
 */
import { createHash } from 'node:crypto'
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createEngineHost } from '../../engine/node/engine-host'
import { graph, project as projectOf } from './hostile'

const counts = { imports: 0, links: 0 }
const b64 = (s: string) => Buffer.from(s).toString('base64')
const project = JSON.stringify(projectOf(graph))

/** Every entry under `dir` with a digest of its content (links as their target), sorted. */
function snapshot(dir: string, skip?: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      const rel = path.relative(dir, p)
      if (rel === skip) continue
      if (e.isSymbolicLink()) out.push(`${rel} -> ${readlinkSync(p)}`)
      else if (e.isDirectory()) {
        out.push(`${rel}/`)
        walk(p)
      } else out.push(`${rel} ${createHash('sha1').update(readFileSync(p)).digest('hex')}`)
    }
  }
  walk(dir)
  return out.sort()
}

/** A data folder with a project, a run and an upload, and a host on it. */
function setup() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dw-data-'))
  mkdirSync(path.join(dataDir, 'projects'))
  writeFileSync(path.join(dataDir, 'projects', 'mine.deepwire.json'), project)
  mkdirSync(path.join(dataDir, 'runs', 'r1'), { recursive: true })
  writeFileSync(path.join(dataDir, 'runs', 'r1', 'run.json'), '{}')
  mkdirSync(path.join(dataDir, 'imported', 'old'), { recursive: true })
  writeFileSync(path.join(dataDir, 'imported', 'old', 'a.csv'), 'a\n1\n')
  const outside = mkdtempSync(path.join(os.tmpdir(), 'dw-outside-'))
  writeFileSync(path.join(outside, 'secret.deepwire.json'), project)
  const host = createEngineHost({ dataDir, push: () => {} })
  return { dataDir, outside, host }
}

describe('uploads stay inside imported/', () => {
  it.each([
    ['..', /the folder name '\.\.' may not start with a dot/],
    ['.', /the folder name '\.' may not start with a dot/],
    ['.hidden', /may not start with a dot/],
    ['CON', /'CON' is a name Windows reserves for a device/],
    ['nul.csv', /'nul\.csv' is a name Windows reserves for a device/],
    ['data.', /'data\.' ends with a dot or a space/],
    ['data ', /ends with a dot or a space/],
    ['x'.repeat(81), /name/],
  ])('refuses the folder name %j and changes nothing', async (name, refusal) => {
    const { dataDir, host } = setup()
    const before = snapshot(dataDir)
    await expect(
      host.handle('datasets:import', { name, files: [{ path: 'evil.csv', data: b64('x\n1\n') }] }),
    ).rejects.toThrow(refusal)
    expect(snapshot(dataDir)).toEqual(before)
    counts.imports++
  })

  it.each([
    [['a', 'a/b'], /'a' is a file, but 'a\/b' needs a folder of that name/],
    [['x/y/z', 'x/y'], /'x\/y' is a file, but 'x\/y\/z' needs a folder of that name/],
    [['A.csv', 'a.csv'], /the files 'A\.csv' and 'a\.csv' would be the same file/],
    [['e\u0301.csv', '\u00e9.csv'], /would be the same file/],
    [['ok.csv', 'sub/con.txt'], /the file 'sub\/con\.txt': 'con\.txt' is a name Windows reserves/],
    [['what:stream.csv'], /holds a character file names may not hold/],
  ])(
    'refuses clashing or unsafe file names %j with a sentence naming them, leaving nothing behind',
    async (paths, refusal) => {
      const { dataDir, host } = setup()
      const before = snapshot(dataDir)
      const files = paths.map((p) => ({ path: p, data: b64('v\n1\n') }))
      await expect(host.handle('datasets:import', { name: 'clash', files })).rejects.toThrow(refusal)
      expect(snapshot(dataDir)).toEqual(before)
      counts.imports++
    },
  )

  it('writes a name in NFC, and replaces an earlier import of that name without leftovers', async () => {
    const { dataDir, host } = setup()
    const outsideImported = snapshot(dataDir, 'imported')
    const first = await host.handle('datasets:import', {
      name: 'cafe\u0301',
      files: [{ path: 'a.csv', data: b64('first') }],
    })
    expect(first).toEqual({ folder: 'imported:caf\u00e9', files: 1 })
    await host.handle('datasets:import', {
      name: 'caf\u00e9',
      files: [{ path: 'b/c.csv', data: b64('second') }],
    })
    const dir = path.join(dataDir, 'imported', 'caf\u00e9')
    expect(readdirSync(path.join(dataDir, 'imported')).sort()).toEqual(['caf\u00e9', 'old'])
    expect(readdirSync(dir)).toEqual(['b'])
    expect(readFileSync(path.join(dir, 'b', 'c.csv'), 'utf8')).toBe('second')
    expect(snapshot(dataDir, 'imported')).toEqual(outsideImported)
    counts.imports += 2
  })

  it('replaces a link placed at an import’s name, never what it points to', async () => {
    const { dataDir, outside, host } = setup()
    const before = snapshot(outside)
    symlinkSync(outside, path.join(dataDir, 'imported', 'linked'))
    await host.handle('datasets:import', { name: 'linked', files: [{ path: 'a.csv', data: b64('new') }] })
    expect(lstatSync(path.join(dataDir, 'imported', 'linked')).isDirectory()).toBe(true)
    expect(snapshot(outside)).toEqual(before)
    counts.imports++
  })
})

describe('projects are regular files inside projects/', () => {
  it('opens, saves over and lists no link, and leaves the link and its target as they were', async () => {
    const { dataDir, outside, host } = setup()
    const link = path.join(dataDir, 'projects', 'evil.deepwire.json')
    symlinkSync(path.join(outside, 'secret.deepwire.json'), link)
    const before = [snapshot(dataDir), snapshot(outside)]
    await expect(host.handle('projects:open', { name: 'evil' })).rejects.toThrow(
      /^'evil' in the projects folder is a link, not a project file: not opened$/,
    )
    await expect(
      host.handle('projects:save', { name: 'evil', project: JSON.parse(project) }),
    ).rejects.toThrow(
      /^not saved: 'evil' in the projects folder is a link, not a project file; it was left as it is$/,
    )
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect([snapshot(dataDir), snapshot(outside)]).toEqual(before)
    expect(((await host.handle('projects:list', {})) as { name: string }[]).map((p) => p.name)).toEqual([
      'mine',
    ])
    counts.links += 3
  })

  it('refuses a folder or a dangling link of a project’s name', async () => {
    const { dataDir, host } = setup()
    mkdirSync(path.join(dataDir, 'projects', 'dir.deepwire.json'))
    symlinkSync('/nonexistent/x', path.join(dataDir, 'projects', 'gone.deepwire.json'))
    const before = snapshot(dataDir)
    await expect(host.handle('projects:open', { name: 'dir' })).rejects.toThrow(
      /is a folder, not a project file/,
    )
    await expect(host.handle('projects:open', { name: 'gone' })).rejects.toThrow(/is a link/)
    await expect(
      host.handle('projects:save', { name: 'gone', project: JSON.parse(project) }),
    ).rejects.toThrow(/is a link/)
    await expect(host.handle('projects:open', { name: 'none' })).rejects.toThrow(
      /^there is no project named 'none'$/,
    )
    expect(snapshot(dataDir)).toEqual(before)
    // a regular project still opens and saves
    await host.handle('projects:save', { name: 'mine', project: JSON.parse(project) })
    expect(await host.handle('projects:open', { name: 'mine' })).toMatchObject({ name: 'mine' })
    counts.links += 4
  })
})

describe('counts', () => {
  it('reports', () => {
    console.log(
      `data folder: ${counts.imports} uploads and ${counts.links} project links checked, nothing changed outside their place`,
    )
  })
})
