/**
 * The user's own files the app may read. The renderer is not trusted, so a dataset path in a
 * graph it sends is honoured only when it points into the app's imported-datasets folder (files
 * the user uploaded through the Data panel), into <dataDir>/datasets, or at a file or folder the
 * user picked in a native dialog during this session. Anything else is refused with a message saying how to choose it.
 */
import path from 'node:path'
import { RequestError } from './request-error'
import { createChunkedUploads } from './chunked-uploads'
import { createUploads, IMPORTED } from './uploads'

export { IMPORTED, RequestError }

export interface DatasetRef {
  name: string
  path?: string
  target?: string
}

export function createUserFiles(dataDir: string) {
  const importedDir = path.join(dataDir, 'imported')
  const uploads = createUploads(importedDir)
  const chunked = createChunkedUploads(importedDir, uploads.placeFolder)
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
    /** One file the user uploaded or chose (an image for style transfer), made absolute, or a RequestError naming `where`. */
    resolveFile: (p: unknown, where: string) => resolve(p, where),
    importFiles: uploads.importFiles,
    /** A large file (an ONNX model) uploaded in chunks: see chunked-uploads.ts. */
    chunked,
  }
}

export type UserFiles = ReturnType<typeof createUserFiles>
