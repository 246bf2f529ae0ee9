/** A class list file: one name per line (blank lines and surrounding spaces ignored); null if absent. */
import { readFile } from 'node:fs/promises'

export async function readClassList(file: string): Promise<string[] | null> {
  const text = await readFile(file, 'utf8').catch(() => null)
  if (text === null) return null
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
}
