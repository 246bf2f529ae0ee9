import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { DatasetPreview } from '../../../engine/app-contract'
import { createEngineHost } from '../../../engine/node/engine-host'

const b64 = (s: string) => Buffer.from(s).toString('base64')
const csv = 'a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n'

function makeHost(chooseFile?: () => Promise<string | null>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dw-files-'))
  return { dataDir, host: createEngineHost({ dataDir, push: () => {}, chooseFile }) }
}

describe('user files reach the engine only through an import or a confirmed dialog', () => {
  it('imports an uploaded CSV and previews it through its imported: path', async () => {
    const { host, dataDir } = makeHost()
    const res = (await host.handle('datasets:import', {
      name: 'my data',
      files: [{ path: 'table.csv', data: b64(csv) }],
    })) as { folder: string; files: number }
    expect(res).toEqual({ folder: 'imported:my data', files: 1 })
    const preview = (await host.handle('datasets:preview', {
      name: 'csv',
      path: `${res.folder}/table.csv`,
      count: 4,
    })) as DatasetPreview
    expect(preview.size).toBe(4)
    expect(preview.classNames).toEqual(['x', 'y'])
    // no staging folder is left behind
    expect(readdirSync(path.join(dataDir, 'imported'))).toEqual(['my data'])
  })

  it('imports a folder of class sub-folders for the image loader', async () => {
    const { host } = makeHost()
    const { PNG } = await import('pngjs')
    const png = (v: number) => {
      const img = new PNG({ width: 4, height: 4 })
      img.data.fill(v)
      return PNG.sync.write(img).toString('base64')
    }
    const files = ['cat/1.png', 'cat/2.png', 'dog/1.png', 'dog/2.png'].map((p, i) => ({
      path: p,
      data: png(i * 60),
    }))
    const { folder } = (await host.handle('datasets:import', { name: 'pets', files })) as { folder: string }
    const preview = (await host.handle('datasets:preview', {
      name: 'images',
      path: folder,
    })) as DatasetPreview
    expect(preview.classNames).toEqual(['cat', 'dog'])
    // grey pictures (r = g = b) load as one channel
    expect(preview.inputShape).toEqual([4, 4, 1])
  })

  it.each([
    [
      { name: 'x', files: [{ path: '../escape.csv', data: '' }] },
      /files.0.path may not contain \. or \.\. parts/,
    ],
    [{ name: 'x', files: [{ path: '/etc/passwd', data: '' }] }, /must be a relative path/],
    [{ name: '../x', files: [{ path: 'a.csv', data: '' }] }, /name may hold/],
    [{ name: 'x', files: [] }, /files/],
  ])('refuses a hostile import %j', async (args, message) => {
    const { host, dataDir } = makeHost()
    await expect(host.handle('datasets:import', args)).rejects.toThrow(message)
    expect(existsSync(path.join(dataDir, 'imported'))).toBe(false)
  })

  it('refuses dataset paths the user did not choose, in previews, training and export', async () => {
    const { host } = makeHost()
    const outside = path.join(mkdtempSync(path.join(tmpdir(), 'dw-outside-')), 'secret.csv')
    writeFileSync(outside, csv)
    await expect(host.handle('datasets:preview', { name: 'csv', path: outside })).rejects.toThrow(
      /dataset.path: .* was not chosen in this session/,
    )
    await expect(
      host.handle('datasets:preview', { name: 'csv', path: 'imported:../../x.csv' }),
    ).rejects.toThrow(/outside the imported datasets folder/)
    const graph = { training: { dataset: { name: 'csv', path: outside } } }
    await expect(host.handle('train:start', { graph })).rejects.toThrow(/not chosen in this session/)
    await expect(host.handle('export:run', { graph, format: 'onnx' })).rejects.toThrow(/not chosen/)
    await expect(
      host.handle('train:start', { graph: {}, overrides: { dataset: { name: 'csv', path: outside } } }),
    ).rejects.toThrow(/not chosen/)
    await expect(host.handle('files:choose', { purpose: 'csv' })).rejects.toThrow(/no file dialog/)
    expect(await host.handle('app:info', {})).toMatchObject({ shell: 'web', canChooseFiles: false })
  })

  it('accepts a path once the user picked it in the native dialog', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dw-chosen-'))
    const file = path.join(dir, 'chosen.csv')
    writeFileSync(file, csv)
    const { host } = makeHost(async () => file)
    await expect(host.handle('datasets:preview', { name: 'csv', path: file })).rejects.toThrow(/not chosen/)
    expect(await host.handle('files:choose', { purpose: 'csv' })).toEqual({ path: file })
    const preview = (await host.handle('datasets:preview', { name: 'csv', path: file })) as DatasetPreview
    expect(preview.size).toBe(4)
    // a sibling of the chosen file stays out of reach
    await expect(host.handle('datasets:preview', { name: 'csv', path: file + '.other' })).rejects.toThrow(
      /not chosen/,
    )
  })
})
