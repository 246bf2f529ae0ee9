import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'

/**
 * Writes a file so that a crash at any moment leaves either the old or the new content:
 * write a temp file beside it, fsync, then rename over the target, then fsync the folder so
 * the rename itself survives a power cut. The temp name is random: two saves of the same file
 * at once (autosave and Save) must never share one.
 */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const dir = path.dirname(file)
  await fs.mkdir(dir, { recursive: true })
  await removeStaleTemps(file)
  const tmp = tempBeside(file)
  const fh = await fs.open(tmp, 'w')
  try {
    await fh.writeFile(data)
    await fh.sync()
  } catch (e) {
    await fh.close()
    await fs.rm(tmp, { force: true })
    throw e
  }
  await fh.close()
  try {
    await fs.rename(tmp, file)
  } catch (e) {
    await fs.rm(tmp, { force: true })
    throw e
  }
  await syncDir(dir)
}

/**
 * Fills a folder as one step: `fill` writes into a fresh temp folder beside `dir`, which then
 * becomes `dir` by one rename; or, when `dir` already exists (a folder the user chose, which may
 * hold other files, and whose parent may not be writable), into a hidden temp folder inside it,
 * whose files are renamed into place once all of them are written. If `fill` throws, the temp
 * folder goes and `dir` is untouched: an export that fails half-way leaves nothing behind.
 * Returns `fill`'s file names as paths inside `dir`.
 */
export async function writeDirAtomic(
  target: string,
  fill: (tmp: string) => Promise<string[]>,
): Promise<string[]> {
  const dir = path.resolve(target)
  const exists = await fs.stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  )
  const stem = exists ? path.join(dir, '.deepwire-export') : dir
  await fs.mkdir(path.dirname(stem), { recursive: true })
  await removeStaleTemps(stem)
  const tmp = tempBeside(stem)
  await fs.mkdir(tmp)
  try {
    const names = await fill(tmp)
    for (const name of names) await syncFile(path.join(tmp, name))
    if (!exists) await fs.rename(tmp, dir)
    else for (const name of names) await fs.rename(path.join(tmp, name), path.join(dir, name))
    await syncDir(exists ? dir : path.dirname(dir))
    return names.map((name) => path.join(target, name))
  } finally {
    await fs.rm(tmp, { recursive: true, force: true })
  }
}

/** A name no other save of `target`, in this process or another, is using. */
const tempBeside = (target: string) => `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`

async function syncFile(file: string): Promise<void> {
  const fh = await fs.open(file, 'r')
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/** Temp files (or folders) of this target left by a process that died mid-save (they can be large). */
async function removeStaleTemps(file: string): Promise<void> {
  const base = path.basename(file) + '.'
  const names = await fs.readdir(path.dirname(file)).catch(() => [] as string[])
  for (const name of names) {
    const m = name.startsWith(base) ? /^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(base.length)) : null
    if (m && !alive(Number(m[1])))
      await fs.rm(path.join(path.dirname(file), name), { recursive: true, force: true })
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: it exists but belongs to someone else
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function syncDir(dir: string): Promise<void> {
  let fh: fs.FileHandle | undefined
  try {
    fh = await fs.open(dir, 'r')
    await fh.sync()
  } catch {
    // Windows cannot open or fsync a folder; the rename is still atomic there
  } finally {
    await fh?.close()
  }
}
