/**
 * The user's own files the app may read. The renderer is not trusted, so a dataset path in a
 * graph it sends is honoured only when it points into the app's imported-datasets folder (files
 * the user uploaded through the Data panel), into <dataDir>/datasets, or at a file or folder the
 * user picked in a native dialog during this session. Anything else is refused with a message saying how to choose it.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { z } from 'zod'
import type { importSchema } from '../app-contract'
import { quote } from '../budget/untrusted'
import { folderName, namePartProblem } from './file-names'
import { createSlots } from './slots'

export class RequestError extends Error {
  override name = 'RequestError'
}

export const IMPORTED = 'imported:'
/** True when something (a file, a folder, a link) is at `p`; a link is not followed. */
async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p)
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw e
  }
}

/**
 * Why the uploaded paths cannot all be written, or null: a part that is no safe name, two
 * files that would be one on a case-insensitive disk, or a file where another needs a folder.
 */
export function uploadProblem(paths: string[]): string | null {
  const files = new Map<string, string>()
  for (const p of paths) {
    for (const part of p.split('/')) {
      const why = namePartProblem(part)
      if (why) return `the file ${quote(p)}: ${why}`
    }
    const key = p.toLowerCase()
    const other = files.get(key)
    if (other !== undefined) return `the files ${quote(other)} and ${quote(p)} would be the same file`
    files.set(key, p)
  }
  for (const p of paths) {
    const parts = p.split('/')
    for (let i = 1; i < parts.length; i++) {
      const file = files.get(parts.slice(0, i).join('/').toLowerCase())
      if (file !== undefined) return `${quote(file)} is a file, but ${quote(p)} needs a folder of that name`
    }
  }
  return null
}

/** Largest upload; web mode sizes its upload frames from it (base64 grows data by 4/3). */
export const MAX_IMPORT_BYTES = 40 * 1024 * 1024

export interface DatasetRef {
  name: string
  path?: string
  target?: string
}

export function createUserFiles(dataDir: string) {
  const importedDir = path.join(dataDir, 'imported')
  // two uploads of one name at once would race for the same folder
  const imports = createSlots(
    1,
    () => new RequestError('another upload is being written: wait for it to finish'),
  )

  /** A new folder inside imported/ holding the upload; removed again if any write fails. */
  async function writeStaging(name: string, files: { path: string; data: string }[]): Promise<string> {
    await fs.mkdir(importedDir, { recursive: true })
    // a leading dot: no import name can start with one, so staging never meets a user's folder
    const staging = await fs.mkdtemp(path.join(importedDir, '.import-'))
    let current = ''
    try {
      for (const f of files) {
        current = f.path
        const file = path.join(staging, ...f.path.split('/'))
        await fs.mkdir(path.dirname(file), { recursive: true })
        // 'wx': a file is only ever created, never written through something already there
        await fs.writeFile(file, Buffer.from(f.data, 'base64'), { flag: 'wx' })
      }
    } catch (e) {
      await fs.rm(staging, { recursive: true, force: true })
      const code = (e as NodeJS.ErrnoException).code ?? String(e)
      throw new RequestError(`import ${quote(name)}: could not write ${quote(current)} (${code})`)
    }
    return staging
  }

  /**
   * Renames the staging folder to imported/<name>. An earlier import of that name is first
   * renamed aside into a folder of our own and removed only once the new one is in place.
   */
  async function swapIn(staging: string, name: string): Promise<void> {
    const target = path.join(importedDir, name)
    if (path.dirname(target) !== importedDir)
      throw new RequestError(`import: ${quote(name)} is not a folder name`)
    let aside: string | null = null
    if (await exists(target)) {
      aside = await fs.mkdtemp(path.join(importedDir, '.replaced-'))
      await fs.rename(target, path.join(aside, 'old'))
    }
    try {
      await fs.rename(staging, target)
    } catch (e) {
      if (aside) await fs.rename(path.join(aside, 'old'), target)
      await fs.rm(staging, { recursive: true, force: true })
      throw new RequestError(
        `import ${quote(name)}: could not move the upload into place (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      )
    } finally {
      if (aside) await fs.rm(aside, { recursive: true, force: true })
    }
  }
  // <dataDir>/datasets is the user's own drop folder: files put there are theirs to train on
  const granted = new Set<string>([path.resolve(dataDir, 'datasets')])
  const inside = (p: string, root: string) => p === root || p.startsWith(root + path.sep)

  function resolve(p: unknown, where: string): string {
    if (typeof p !== 'string') throw new RequestError(`${where} must be a path written as text`)
    if (p.startsWith(IMPORTED)) {
      const full = path.resolve(importedDir, p.slice(IMPORTED.length))
      if (!inside(full, importedDir) || full === importedDir)
        throw new RequestError(`${where}: '${p}' points outside the imported datasets folder`)
      return full
    }
    const full = path.resolve(p)
    if (path.isAbsolute(p) && [...granted].some((g) => inside(full, g))) return full
    throw new RequestError(
      `${where}: '${p}' was not chosen in this session — choose the file again with “Import…” in the Data panel`,
    )
  }

  return {
    /** Error messages name imported files as the user knows them, not by the app's folder. */
    hidePaths(message: string): string {
      return message.split(importedDir + path.sep).join(IMPORTED)
    },
    /** A path the user confirmed in a native dialog (Electron); it and everything below it. */
    grant(p: string) {
      granted.add(path.resolve(p))
    },
    /** The dataset with its user paths made absolute, or a RequestError naming the field. */
    resolveDataset<D extends DatasetRef>(ds: D): D {
      const out = { ...ds }
      if (ds.path !== undefined) out.path = resolve(ds.path, 'dataset.path')
      // only the IDX loader reads `target` as a file (the labels); for CSV it is a column name
      if (ds.name === 'idx' && ds.target !== undefined) out.target = resolve(ds.target, 'dataset.target')
      return out
    },
    /**
     * Writes uploaded files under imported/<name>/ (replacing an earlier import of that name);
     * the dataset then refers to `imported:<name>/<file>` or, for folders, `imported:<name>`.
     * Everything is written into a fresh staging folder first and renamed into place, so a failed
     * upload leaves nothing behind, and nothing outside imported/ is ever written or removed.
     */
    importFiles(args: z.infer<typeof importSchema>): Promise<{ folder: string; files: number }> {
      const folder = folderName(args.name)
      if ('problem' in folder) throw new RequestError(`import: the folder name ${folder.problem}`)
      const name = folder.name
      const files = args.files.map((f) => ({ path: f.path.normalize('NFC'), data: f.data }))
      const problem = uploadProblem(files.map((f) => f.path))
      if (problem) throw new RequestError(`import ${quote(name)}: ${problem}`)
      // base64 holds 3 bytes in 4 characters: the size is known before anything is decoded
      const total = files.reduce((n, f) => n + Math.floor((f.data.length * 3) / 4), 0)
      if (total > MAX_IMPORT_BYTES)
        throw new RequestError(
          `import ${quote(name)}: ${(total / 2 ** 20).toFixed(1)} MB is more than the ${MAX_IMPORT_BYTES / 2 ** 20} MB an upload may hold; in the desktop app choose the folder instead`,
        )
      return imports.run(async () => {
        const staging = await writeStaging(name, files)
        await swapIn(staging, name)
        return { folder: IMPORTED + name, files: files.length }
      })
    },
  }
}

export type UserFiles = ReturnType<typeof createUserFiles>
