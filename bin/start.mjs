#!/usr/bin/env node
// `npm start`: the desktop app once its window lands; until then, a guided engine demo that
// trains the MLP preset on Fashion-MNIST with live progress, entirely offline.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const cli = (...args) =>
  spawnSync(process.execPath, [`${root}bin/deepwire.mjs`, ...args], { stdio: 'inherit' })

if (existsSync(`${root}out/main/index.js`)) {
  console.error('The desktop build is present but its launcher is not wired yet; running the engine demo.')
}
console.log('Deepwire engine demo — presets you can train:\n')
cli('presets')
console.log('\nTraining the MLP preset (784-256-10) on Fashion-MNIST for one epoch:\n')
const r = cli('train', `${root}presets/mlp.json`, '--epochs', '1')
console.log(
  '\nNext: `npx deepwire info presets/lenet.json`, `npx deepwire train presets/lenet.json --epochs 2`.',
)
process.exit(r.status ?? 1)
