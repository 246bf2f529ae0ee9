/**
 * `npm run bench`: every performance target of the app, measured side by side with PyTorch on
 * this machine and printed as tables with ratios. Not a test: speed depends on the machine and
 * its load. `npm run bench -- training inference app canvas gpu` runs only the named sections.
 * PyTorch comes from Debian's python3-torch (/usr/bin/python3); without it its columns say n/a.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import * as tf from '@tensorflow/tfjs'
import { initBackend } from '../../engine/backend/select'
import type { Tf } from '../../engine/layers/types'
import { appSection } from './app'
import { gpuSection } from './gpu'
import { inferenceSection } from './inference'
import { trainingSection } from './training'

const SECTIONS: Record<string, (tf: Tf) => Promise<string>> = {
  training: trainingSection,
  inference: (t) => inferenceSection(t),
  app: () => appSection(),
  gpu: () => gpuSection(),
  // a standalone Playwright script (it drives the built renderer), run as its own process
  canvas: async () =>
    execFileSync(process.execPath, ['--import', 'tsx', 'test/bench/canvas.bench.ts'], { encoding: 'utf8' }),
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'))
// gpu only when named: without a GPU it would spend minutes to print that none was found
const chosen = wanted.length ? wanted : Object.keys(SECTIONS).filter((s) => s !== 'gpu')
const unknown = chosen.filter((s) => !SECTIONS[s])
if (unknown.length)
  throw new Error(`unknown section(s) ${unknown.join(', ')}; sections: ${Object.keys(SECTIONS).join(', ')}`)
// the app and canvas sections drive the built renderer in Chromium
if (['app', 'canvas'].some((s) => chosen.includes(s)) && !existsSync('out/renderer/index.html'))
  execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' })
await initBackend(tf as unknown as Tf, 'wasm')
console.log(
  `Deepwire benchmark, ${new Date().toISOString().slice(0, 16)}Z, ${(await import('node:os')).cpus().length} cores`,
)
for (const s of chosen) {
  console.log('\n' + (await SECTIONS[s](tf as unknown as Tf)))
}
