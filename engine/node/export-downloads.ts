/**
 * Web mode's downloads of exported files. Exports are written in the server's data folder, out
 * of a browser's reach; this serves exactly those files and nothing else: a URL path of one or
 * two safe name parts (the export's file, or its folder and a file in it) under exports/, never
 * a link, a hidden or staging entry, or anything a '..' or an encoded separator could reach.
 */
import { constants, promises as fs } from 'node:fs'
import type http from 'node:http'
import path from 'node:path'
import { namePartProblem } from './file-names'

/** Where the export at `out` (a file or a folder) and its `files` are downloaded from, under exports/. */
export function downloadPaths(out: string, files: string[], folder: boolean): string[] {
  const base = path.basename(out)
  return folder ? files.map((f) => `${base}/${path.basename(f)}`) : [base]
}

/** The file's parts, or why the path names no export (each part decoded on its own). */
export function exportParts(urlPath: string): string[] | string {
  const raw = urlPath.split('/')
  if (raw.length < 1 || raw.length > 2) return 'an export is one file, or one file in an export folder'
  const parts: string[] = []
  for (const r of raw) {
    let part: string
    try {
      part = decodeURIComponent(r)
    } catch {
      return 'the path is not valid percent-encoded UTF-8'
    }
    const why = namePartProblem(part)
    if (why) return why
    // staging folders of an export being written, and anything hidden, start with a dot
    if (part.startsWith('.')) return 'hidden files are not served'
    parts.push(part)
  }
  return parts
}

/**
 * The real path of exports/<parts>, or null when it does not exist or any component is a link:
 * the real path must equal the path asked for.
 */
export async function exportEntry(exportsDir: string, parts: string[]): Promise<string | null> {
  try {
    const root = await fs.realpath(exportsDir)
    const real = await fs.realpath(path.join(root, ...parts))
    return real === path.join(root, ...parts) ? real : null
  } catch {
    return null
  }
}

type Send = (status: number, headers?: Record<string, string>, body?: string) => void

/**
 * Streams exports/<parts> as an attachment, or answers 400 (a bad path), 404 (no such export
 * file) or 405. The real path must equal the path asked for, so no component may be a link;
 * the open itself refuses a link in the last place (O_NOFOLLOW) where the platform has it.
 */
export async function serveExport(
  exportsDir: string,
  urlPath: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  send: Send,
) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { allow: 'GET, HEAD' })
  const parts = exportParts(urlPath)
  if (typeof parts === 'string') return send(400, {}, `bad request: ${parts}`)
  const real = await exportEntry(exportsDir, parts)
  if (!real) return send(404, {}, 'not found')
  let fh: fs.FileHandle
  try {
    fh = await fs.open(real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
  } catch {
    return send(404, {}, 'not found')
  }
  try {
    const st = await fh.stat()
    if (!st.isFile()) return send(404, {}, 'not found')
    const name = parts.at(-1)!
    send(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(st.size),
      // an ASCII fallback for old clients, the real (possibly Chinese) name for the rest
      'content-disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    })
    if (req.method === 'HEAD') return void res.end()
    await new Promise<void>((resolve, reject) => {
      const stream = fh.createReadStream({ autoClose: false })
      stream.on('error', reject)
      res.on('close', resolve)
      stream.pipe(res)
    })
  } finally {
    await fh.close()
  }
}
