/**
 * The desktop app's "Show in folder" and "Open" for exported files. The renderer names a file
 * only by its path under exports/ (the same names web mode downloads by), and only files this
 * host wrote in this session are shown: a path the app did not write, one through a link, or
 * one that no longer exists is refused before the shell is asked. Only an export itself (its
 * .onnx file or its folder) is opened; a file inside one (train.py) is shown, never run by the
 * system's file associations.
 */
import path from 'node:path'
import { exportEntry, exportParts } from './export-downloads'
import { RequestError } from './request-error'

export type RevealAction = 'show' | 'open'
/** The shell's side: Electron's shell.showItemInFolder / shell.openPath. */
export type Reveal = (file: string, action: RevealAction) => Promise<void> | void

export function createExportReveal(exportsDir: string, reveal?: Reveal) {
  const written = new Set<string>()
  return {
    /** An export just written: its entry (file or folder) and files, as exports/-relative paths. */
    record(downloads: string[]): void {
      for (const d of downloads) {
        written.add(d)
        written.add(d.split('/')[0])
      }
    },
    async handle({ file, action }: { file: string; action: RevealAction }): Promise<{ ok: true }> {
      if (!reveal) throw new RequestError('showing a file in its folder needs the desktop app')
      const parts = exportParts(file)
      if (typeof parts === 'string') throw new RequestError(`${file}: ${parts}`)
      const rel = parts.join('/')
      if (!written.has(rel)) throw new RequestError(`${file} is not an export written by this app`)
      if (action === 'open' && parts.length > 1)
        throw new RequestError(`${file} is inside an export: show it in its folder instead`)
      const real = await exportEntry(exportsDir, parts)
      if (!real) throw new RequestError(`${file} is no longer in the exports folder`)
      await reveal(path.normalize(real), action)
      return { ok: true }
    },
  }
}
