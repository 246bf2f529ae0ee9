import { promises as fs } from 'node:fs'
import path from 'node:path'

/**
 * Writes a file so that a crash at any moment leaves either the old or the new content:
 * write a temp file beside it, fsync, then rename over the target.
 */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`
  const fh = await fs.open(tmp, 'w')
  try {
    await fh.writeFile(data)
    await fh.sync()
  } finally {
    await fh.close()
  }
  await fs.rename(tmp, file)
}
