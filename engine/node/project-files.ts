/**
 * Project files are opened and saved only as regular files directly inside the projects folder:
 * a link placed there (by another program, or a synced folder) could otherwise make Open read a
 * file elsewhere on the disk, or make Save replace the link with a copy.
 */
import { constants, promises as fs } from 'node:fs'
import { quote } from '../budget/untrusted'
import { MAX_PROJECT_BYTES } from '../graph/project'
import { RequestError } from './request-error'

export { MAX_PROJECT_BYTES }

export type ProjectKind = 'none' | 'file' | 'link' | 'folder' | 'special file'

/** What is at `file`, without following a link. */
export async function projectKind(file: string): Promise<ProjectKind> {
  try {
    const st = await fs.lstat(file)
    if (st.isSymbolicLink()) return 'link'
    if (st.isDirectory()) return 'folder'
    return st.isFile() ? 'file' : 'special file'
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'none'
    throw e
  }
}

/**
 * The project file's text. O_NOFOLLOW makes the open itself refuse a link (no gap between a
 * check and the open); where the platform lacks it (Windows), the lstat check still refuses one.
 */
export async function readProject(file: string, name: string): Promise<string> {
  const kind = await projectKind(file)
  if (kind === 'none') throw new RequestError(`there is no project named ${quote(name)}`)
  if (kind !== 'file')
    throw new RequestError(
      `${quote(name)} in the projects folder is a ${kind}, not a project file: not opened`,
    )
  let fh: fs.FileHandle
  try {
    fh = await fs.open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ELOOP')
      throw new RequestError(`${quote(name)} in the projects folder is a link: not opened`)
    throw new RequestError(`project ${quote(name)} cannot be read (${code ?? String(e)})`)
  }
  try {
    const st = await fh.stat()
    if (!st.isFile())
      throw new RequestError(`${quote(name)} in the projects folder is not a regular file: not opened`)
    if (st.size > MAX_PROJECT_BYTES)
      throw new RequestError(
        `project ${quote(name)} is ${(st.size / 2 ** 20).toFixed(1)} MB, more than the ${MAX_PROJECT_BYTES / 2 ** 20} MB a project may hold; the file was left untouched`,
      )
    return await fh.readFile('utf8')
  } finally {
    await fh.close()
  }
}
