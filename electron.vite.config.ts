import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'

// Three bundles: the main process, the preload bridge, and the renderer (also served as-is in
// web mode). The engine is imported from source by each side that needs it.
export default defineConfig({
  main: { build: { rollupOptions: { input: { index: resolve('electron/main/index.ts') } } } },
  preload: { build: { rollupOptions: { input: { index: resolve('electron/preload/index.ts') } } } },
  renderer: {
    root: 'renderer',
    build: { rollupOptions: { input: { index: resolve('renderer/index.html') } } },
  },
})
