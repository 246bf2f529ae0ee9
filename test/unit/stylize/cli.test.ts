import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pngjs from 'pngjs'
import { describe, expect, it } from 'vitest'
import { encodePng } from '../../../engine/stylize/images'
import { gradient, stripes, tinyCnn } from './fixtures'

const run = async (...args: string[]) => {
  try {
    const r = await promisify(execFile)('node', ['bin/deepwire.mjs', 'stylize', ...args], {
      maxBuffer: 1 << 24,
    })
    return { code: 0, stdout: r.stdout, stderr: r.stderr }
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string }
    return { code: x.code, stdout: x.stdout, stderr: x.stderr }
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'dw-stylize-'))
const file = (name: string, data: Uint8Array | string) => {
  const p = path.join(dir, name)
  writeFileSync(p, data)
  return p
}
const asPng = (img: ReturnType<typeof gradient>) => {
  const floats = Array.from(
    { length: img.width * img.height * 3 },
    (_, i) => img.data[Math.floor(i / 3) * 4 + (i % 3)] / 255,
  )
  return encodePng(floats, img.height, img.width, 3)
}
const graph = file('tiny.json', JSON.stringify(tinyCnn()))
const content = file('content.png', asPng(gradient(30, 20)))
const style = file('style.png', asPng(stripes(16, 16)))

describe('deepwire stylize', () => {
  it('writes a PNG of the asked size and prints the losses as it goes', async () => {
    const out = path.join(dir, 'result.png')
    const r = await run(
      '--graph',
      graph,
      '--content',
      content,
      '--style',
      style,
      '--out',
      out,
      '--steps',
      '20',
      '--size',
      '24x16',
      '--style-layers',
      'c1,c3',
      '--style-weights',
      '1,2',
      '--preview-every',
      '10',
      '--backend',
      'cpu',
      '--json',
    )
    expect(r.stderr).not.toMatch(/deepwire:/)
    expect(r.code).toBe(0)
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines.slice(0, 20).map((l) => l.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    const done = lines.at(-1) as {
      width: number
      height: number
      layers: unknown
      first: { total: number }
      last: { total: number }
    }
    expect(done).toMatchObject({ width: 24, height: 16, layers: { content: 'c2', style: ['c1', 'c3'] } })
    const png = pngjs.PNG.sync.read(readFileSync(out))
    expect([png.width, png.height]).toEqual([24, 16])
    // not the content image any more: the optimisation moved its pixels
    const input = pngjs.PNG.sync.read(readFileSync(content))
    expect(png.data.some((v, i) => Math.abs(v - input.data[i]) > 8)).toBe(true)
  }, 60_000)

  it('without --size keeps the content image size; text output names the layers and the loss', async () => {
    const out = path.join(dir, 'plain.png')
    const r = await run(
      '--graph',
      graph,
      '--content',
      content,
      '--style',
      style,
      '--out',
      out,
      '--steps',
      '2',
      '--backend',
      'cpu',
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^step +1 +content 0\.000e\+0 +style /m)
    expect(r.stdout).toMatch(/content layer c2; style layers c1, c2, c3; total loss .* in 2 steps/)
    expect(r.stdout).toContain(`wrote 30×20 ${out}`)
    expect(r.stderr).toContain('no --checkpoint: the network keeps its random initial weights')
    const png = pngjs.PNG.sync.read(readFileSync(out))
    expect([png.width, png.height]).toEqual([30, 20])
  }, 60_000)

  it('refuses bad options and files in one sentence', async () => {
    const out = path.join(dir, 'x.png')
    const base = ['--content', content, '--style', style]
    const cases: [string[], string][] = [
      [
        [...base, '--out', out],
        'deepwire: stylize needs a feature network: give --graph, --checkpoint or both',
      ],
      [
        ['--graph', graph, ...base, '--out', path.join(dir, 'x.jpg')],
        `deepwire: --out must name a .png file, not '${path.join(dir, 'x.jpg')}'`,
      ],
      [
        ['--graph', graph, ...base, '--out', out, '--size', '12'],
        "deepwire: --size takes WIDTHxHEIGHT with sides from 1 to 2048, such as 256x192, not '12'",
      ],
      [
        ['--graph', graph, ...base, '--out', out, '--steps', '0'],
        "deepwire: --steps takes a whole number from 1 up, not '0'",
      ],
      [
        ['--graph', graph, ...base, '--out', out, '--tv-weight', '-1'],
        "deepwire: --tv-weight takes a number from 0 up, not '-1'",
      ],
      [
        ['--graph', graph, ...base, '--out', out, '--style-layers', 'c1,,c2'],
        "deepwire: --style-layers takes a comma-separated list without empty items, not 'c1,,c2'",
      ],
      [
        ['--graph', graph, ...base, '--out', out, '--content-layer', 'f'],
        "deepwire: --content-layer: layer 'f' outputs [128], not a feature map [H, W, C]; choose one of 'c1', 'p1', 'c2', 'p2', 'c3'",
      ],
      [
        ['--graph', graph, ...base, '--out', out, '--checkpoint', path.join(dir, 'none.dwckpt')],
        `deepwire: cannot read checkpoint ${path.join(dir, 'none.dwckpt')}: ENOENT`,
      ],
      [
        ['--graph', graph, '--content', path.join(dir, 'missing.png'), '--style', style, '--out', out],
        `deepwire: ${path.join(dir, 'missing.png')}: cannot read the image`,
      ],
      [
        ['--graph', graph, '--content', graph, '--style', style, '--out', out],
        `deepwire: ${graph}: cannot read the image (not a PNG or JPEG file)`,
      ],
    ]
    for (const [args, message] of cases) {
      const r = await run(...args, '--backend', 'cpu')
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.stderr.trim().split('\n').at(-1)).toContain(message)
    }
  }, 60_000)
})
