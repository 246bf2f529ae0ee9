/**
 * Files uploaded from a browser page into imported/<name>/. Names are untrusted: each is
 * normalised and checked part by part (file-names.ts) before anything is written; the files go
 * into a fresh staging folder renamed into place, and an upload only ever removes folders it
 * created itself, all inside imported/.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { z } from 'zod'
import type { importSchema } from '../app-contract'
import { quote } from '../budget/untrusted'
import { folderName, namePartProblem } from './file-names'
import { RequestError } from './request-error'
import { createSlots } from './slots'

/** How a dataset path names a file inside the imported folder: `imported:<name>/<file>`. */
export const IMPORTED = 'imported:'
/** Largest upload; web mode sizes its upload frames from it (base64 grows data by 4/3). */
export const MAX_IMPORT_BYTES = 40 * 1024 * 1024

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

export function createUploads(importedDir: string) {
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

  /**
   * Writes uploaded files under imported/<name>/ (replacing an earlier import of that name);
   * the dataset then refers to `imported:<name>/<file>` or, for folders, `imported:<name>`.
   * Everything is written into a fresh staging folder first and renamed into place, so a failed
   * upload leaves nothing behind, and nothing outside imported/ is ever written or removed.
   */
  function importFiles(args: z.infer<typeof importSchema>): Promise<{ folder: string; files: number }> {
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
  }

  return {
    importFiles,
    /** Moves a staging folder written elsewhere (a chunked upload's) to imported/<name>. */
    placeFolder: (staging: string, name: string) => imports.run(() => swapIn(staging, name)),
  }
}
