import { readdirSync } from 'node:fs'
import path from 'node:path'

/** Every file under `dir`, relative, to prove a refused request wrote nothing. */
export function tree(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else out.push(path.relative(dir, p))
    }
  }
  walk(dir)
  return out.sort()
}
