/**
 * Web mode serves exported files for download to its own page only, and nothing else in the
 * data folder: not projects, not runs, not through a link, '..', an encoded separator or a
 * staging folder.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { downloadPaths, exportParts } from '../../../engine/node/export-downloads'
import { startWebServer, type WebServer } from '../../../engine/node/server'

describe('export downloads', () => {
  let server: WebServer
  let port: number
  beforeAll(async () => {
    const staticDir = mkdtempSync(path.join(os.tmpdir(), 'dw-static-'))
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html>')
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dw-dl-'))
    const exports = path.join(dataDir, 'exports')
    mkdirSync(path.join(exports, 'MLP-1', 'sub'), { recursive: true })
    mkdirSync(path.join(exports, '.deepwire-export-tmp'))
    mkdirSync(path.join(dataDir, 'projects'))
    writeFileSync(path.join(exports, 'MLP-1', 'train.py'), 'EPOCHS = 2\n')
    writeFileSync(path.join(exports, '模型-1.onnx'), 'onnx bytes')
    writeFileSync(path.join(exports, '.deepwire-export-tmp', 'x.py'), 'half written')
    writeFileSync(path.join(dataDir, 'projects', 'secret.deepwire.json'), '{"secret":1}')
    symlinkSync(path.join(dataDir, 'projects'), path.join(exports, 'link'))
    symlinkSync(path.join(dataDir, 'projects', 'secret.deepwire.json'), path.join(exports, 'file-link'))
    server = await startWebServer({ staticDir, dataDir })
    port = Number(new URL(server.url).port)
  })
  afterAll(() => server.close())

  /** A raw request (http.get would normalise '..' away before sending); resolves with status and body. */
  const get = (p: string, method = 'GET') =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: p, method }, (res) => {
        let body = ''
        res.on('data', (d: Buffer) => (body += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }))
      })
      req.on('error', reject)
      req.end()
    })
  const tok = () => `token=${server.token}`

  it('serves an exported file as an attachment to the page holding the token', async () => {
    const r = await get(`/exports/MLP-1/train.py?${tok()}`)
    expect(r.status).toBe(200)
    expect(r.body).toBe('EPOCHS = 2\n')
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename="train.py"/)
    expect(r.headers['content-type']).toBe('application/octet-stream')
    expect(r.headers['x-content-type-options']).toBe('nosniff')
    const onnx = await get(`/exports/${encodeURIComponent('模型-1.onnx')}?${tok()}`)
    expect(onnx.status).toBe(200)
    expect(onnx.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('模型-1.onnx')}`,
    )
  })

  it('refuses without the token, outside the exports, through links, hidden and staging entries', async () => {
    expect((await get('/exports/MLP-1/train.py')).status).toBe(403)
    expect((await get('/exports/MLP-1/train.py?token=0123')).status).toBe(403)
    const refused: [string, number[]][] = [
      [`/exports/..%2Fprojects%2Fsecret.deepwire.json?${tok()}`, [400]],
      [`/exports/%2e%2e/projects/secret.deepwire.json?${tok()}`, [400, 403, 404]],
      [`/exports/../projects/secret.deepwire.json?${tok()}`, [403, 404]],
      [`/exports/MLP-1/..%5C..%5Cprojects?${tok()}`, [400]],
      [`/exports/link/secret.deepwire.json?${tok()}`, [404]],
      [`/exports/file-link?${tok()}`, [404]],
      [`/exports/.deepwire-export-tmp/x.py?${tok()}`, [400]],
      [`/exports/MLP-1?${tok()}`, [404]],
      [`/exports/MLP-1/sub/deeper.py?${tok()}`, [400]],
      [`/exports/MLP-1/missing.py?${tok()}`, [404]],
      [`/exports/%ff?${tok()}`, [400]],
      [`/exports/a%00b?${tok()}`, [400]],
    ]
    for (const [p, statuses] of refused) {
      const r = await get(p)
      expect(statuses, p).toContain(r.status)
      expect(r.body).not.toContain('"secret":1')
    }
    expect((await get(`/exports/MLP-1/train.py?${tok()}`, 'POST')).status).toBe(405)
  })

  it('names each exported file by its place under the exports folder', () => {
    expect(downloadPaths('/d/exports/m.onnx', ['/d/exports/m.onnx'], false)).toEqual(['m.onnx'])
    expect(downloadPaths('/d/exports/M-1', ['model.py', '/d/exports/M-1/model.json'], true)).toEqual([
      'M-1/model.py',
      'M-1/model.json',
    ])
    expect(exportParts('')).toMatch(/not a name/)
  })
})
