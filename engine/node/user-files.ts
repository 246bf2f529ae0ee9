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

export class RequestError extends Error {
  override name = 'RequestError'
}

export const IMPORTED = 'imported:'
/** Base64 grows data by 4/3; this keeps an upload inside one 64 MB WebSocket frame. */
export const MAX_IMPORT_BYTES = 40 * 1024 * 1024

export interface DatasetRef {
  name: string
  path?: string
  target?: string
}

export function createUserFiles(dataDir: string) {
  const importedDir = path.join(dataDir, 'imported')
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
     */
    async importFiles(args: z.infer<typeof importSchema>): Promise<{ folder: string; files: number }> {
      const decoded = args.files.map((f) => ({ path: f.path, bytes: Buffer.from(f.data, 'base64') }))
      const total = decoded.reduce((n, f) => n + f.bytes.length, 0)
      if (total > MAX_IMPORT_BYTES)
        throw new RequestError(
          `import '${args.name}': ${(total / 2 ** 20).toFixed(1)} MB is more than the ${MAX_IMPORT_BYTES / 2 ** 20} MB an upload may hold; in the desktop app choose the folder instead`,
        )
      const root = path.join(importedDir, args.name)
      const staging = `${root}.${process.pid}.${Date.now()}.tmp`
      for (const f of decoded) {
        const file = path.join(staging, ...f.path.split('/'))
        await fs.mkdir(path.dirname(file), { recursive: true })
        await fs.writeFile(file, f.bytes)
      }
      // swap in the complete folder so a failed upload never leaves half a dataset behind
      await fs.rm(root, { recursive: true, force: true })
      await fs.rename(staging, root)
      return { folder: IMPORTED + args.name, files: decoded.length }
    },
  }
}

export type UserFiles = ReturnType<typeof createUserFiles>
