/**
 * The desktop app's "Show in folder" / "Open" for exports: through the Electron IPC handler and
 * the real engine host, only files the app itself wrote reach the shell, by their exports/-
 * relative names; planted files, other paths, links and files inside an export (for Open) are
 * refused, and web mode has no such request at all.
 */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ExportResult } from '../../../engine/protocol'
import { createEngineHost } from '../../../engine/node/engine-host'
import { createExportReveal, type RevealAction } from '../../../engine/node/export-reveal'
import { createInvokeHandler } from '../../../electron/main/security'

const ROOT = path.resolve(__dirname, '../../..')
const appUrl = 'file:///opt/deepwire/out/renderer/index.html'
const mainFrame = { url: appUrl }
const webContents = { mainFrame }
const sender = { sender: webContents, senderFrame: mainFrame } as never

/** An exports folder holding an .onnx file and a folder export, both "written", and a planted file. */
function exportsFolder() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dw-reveal-'))
  writeFileSync(path.join(dir, 'mlp.onnx'), 'onnx')
  mkdirSync(path.join(dir, 'mlp-pt'))
  writeFileSync(path.join(dir, 'mlp-pt', 'train.py'), 'print(1)')
  writeFileSync(path.join(dir, 'planted.onnx'), 'not ours')
  writeFileSync(path.join(os.tmpdir(), 'dw-reveal-outside.txt'), 'outside')
  const calls: [string, RevealAction][] = []
  const reveal = createExportReveal(dir, (file, action) => void calls.push([file, action]))
  reveal.record(['mlp.onnx'])
  reveal.record(['mlp-pt/train.py'])
  return { dir, calls, reveal }
}

describe('showing exports in their folder', () => {
  it('shows and opens what the app wrote', async () => {
    const { dir, calls, reveal } = exportsFolder()
    await reveal.handle({ file: 'mlp.onnx', action: 'show' })
    await reveal.handle({ file: 'mlp.onnx', action: 'open' })
    await reveal.handle({ file: 'mlp-pt', action: 'open' })
    await reveal.handle({ file: 'mlp-pt/train.py', action: 'show' })
    // the shell gets the absolute path, worked out here, never taken from the renderer
    const real = realpathSync(dir)
    expect(calls).toEqual([
      [path.join(real, 'mlp.onnx'), 'show'],
      [path.join(real, 'mlp.onnx'), 'open'],
      [path.join(real, 'mlp-pt'), 'open'],
      [path.join(real, 'mlp-pt', 'train.py'), 'show'],
    ])
  })

  it('refuses paths the app did not write, or that reach out of the exports folder', async () => {
    const { dir, calls, reveal } = exportsFolder()
    const refused: [string, RevealAction, RegExp][] = [
      ['planted.onnx', 'show', /not an export written by this app/],
      ['mlp-pt/model.py', 'show', /not an export written by this app/],
      ['../dw-reveal-outside.txt', 'show', /\.\./],
      [path.join(os.tmpdir(), 'dw-reveal-outside.txt'), 'open', /one file, or one file in an export folder/],
      ['/etc/passwd', 'show', /one file, or one file in an export folder/],
      ['mlp-pt/../../x', 'show', /one file, or one file in an export folder/],
      ['mlp-pt%2F..%2F..%2Fx', 'show', /not an export written|separator|may not/],
      ['.staging', 'show', /hidden/],
      // a file inside an export is shown, never run by the system's file associations
      ['mlp-pt/train.py', 'open', /inside an export: show it in its folder/],
    ]
    for (const [file, action, why] of refused)
      await expect(reveal.handle({ file, action }), file).rejects.toThrow(why)
    // written, then swapped for a link to somewhere else, or deleted
    rmSync(path.join(dir, 'mlp.onnx'))
    symlinkSync(path.join(os.tmpdir(), 'dw-reveal-outside.txt'), path.join(dir, 'mlp.onnx'))
    await expect(reveal.handle({ file: 'mlp.onnx', action: 'open' })).rejects.toThrow(/no longer/)
    rmSync(path.join(dir, 'mlp-pt'), { recursive: true })
    await expect(reveal.handle({ file: 'mlp-pt/train.py', action: 'show' })).rejects.toThrow(/no longer/)
    expect(calls).toEqual([])
  })

  it('in web mode, there is nothing to show: exports are downloaded', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dw-reveal-web-'))
    writeFileSync(path.join(dir, 'a.onnx'), 'x')
    const reveal = createExportReveal(dir)
    reveal.record(['a.onnx'])
    await expect(reveal.handle({ file: 'a.onnx', action: 'show' })).rejects.toThrow(/needs the desktop app/)
  })

  it('through the IPC handler: a real export can be shown, anything else is refused', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dw-reveal-ipc-'))
    const calls: [string, RevealAction][] = []
    const host = createEngineHost({
      dataDir,
      push: () => {},
      shell: 'electron',
      reveal: (file, action) => void calls.push([file, action]),
    })
    const ipc = createInvokeHandler(host, () => ({ webContents }) as never, appUrl)
    expect(await ipc(sender, 'app:info', {})).toMatchObject({ canRevealFiles: true })
    const graph = JSON.parse(readFileSync(path.join(ROOT, 'presets/xor.json'), 'utf8')) as object
    const result = (await ipc(sender, 'export:run', { graph, format: 'tfjs' })) as ExportResult
    const files = result.downloads!
    const entry = files[0].split('/')[0]
    expect(files.length).toBeGreaterThan(1)
    await ipc(sender, 'files:reveal', { file: entry, action: 'open' })
    await ipc(sender, 'files:reveal', { file: files[0], action: 'show' })
    const exportsDir = realpathSync(path.join(dataDir, 'exports'))
    expect(calls).toEqual([
      [path.join(exportsDir, entry), 'open'],
      [path.join(exportsDir, files[0]), 'show'],
    ])
    writeFileSync(path.join(dataDir, 'exports', 'planted.onnx'), 'x')
    const refusals: [unknown, RegExp][] = [
      [{ file: 'planted.onnx', action: 'show' }, /not an export written by this app/],
      [{ file: result.path, action: 'show' }, /one file, or one file in an export folder/],
      [{ file: entry, action: 'delete' }, /action/],
      [{ file: entry, action: 'show', path: '/etc' }, /path|unrecognized/i],
      [{ file: 7, action: 'show' }, /file/],
      [{ file: 'x'.repeat(401), action: 'show' }, /file/],
    ]
    for (const [args, why] of refusals)
      await expect(ipc(sender, 'files:reveal', args), JSON.stringify(args)).rejects.toThrow(why)
    expect(calls).toHaveLength(2)
    // the web server's host has the same request, and refuses it
    const web = createEngineHost({ dataDir, push: () => {} })
    expect(await web.handle('app:info', {})).toMatchObject({ canRevealFiles: false })
    await expect(web.handle('files:reveal', { file: entry, action: 'show' })).rejects.toThrow(/desktop app/)
    await host.dispose()
    await web.dispose()
  })
})
