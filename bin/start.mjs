#!/usr/bin/env node
// `npm start`: builds the app once, then opens the Electron window where Electron's binary is
// installed (or can be fetched), and otherwise serves the same app in web mode on 127.0.0.1.
import { spawnSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
// the build's ~90 lines are noise before the one line that matters (the URL): shown only when
// it fails, or with --verbose
const verbose = process.argv.includes('--verbose')
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: verbose ? 'inherit' : 'pipe', encoding: 'utf8' })
  if (r.status !== 0 && !verbose) process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`)
  return r.status === 0
}

if (
  !existsSync(`${root}out/renderer/index.html`) &&
  !run(process.execPath, [`${root}node_modules/electron-vite/bin/electron-vite.js`, 'build'])
) {
  console.error('deepwire: the app could not be built (see above)')
  process.exit(1)
}

function electronBinary() {
  try {
    const require = createRequire(import.meta.url)
    const dir = `${root}node_modules/electron`
    // npm may skip Electron's download script (allowScripts); try it once here
    if (!existsSync(`${dir}/path.txt`))
      spawnSync(process.execPath, [`${dir}/install.js`], { cwd: dir, stdio: 'ignore' })
    const bin = require('electron')
    return typeof bin === 'string' && existsSync(bin) ? bin : null
  } catch {
    return null
  }
}

const electron = process.env.DEEPWIRE_WEB ? null : electronBinary()
if (electron) spawn(electron, [root], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0))
else {
  console.log('Electron is not available here: starting Deepwire in web mode.')
  spawn(process.execPath, [`${root}bin/deepwire.mjs`, 'serve'], { stdio: 'inherit' }).on('exit', (c) =>
    process.exit(c ?? 0),
  )
}
