import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'

// Three bundles: the main process, the preload bridge, and the renderer (also served as-is in
// web mode). The engine is imported from source by each side that needs it.
export default defineConfig({
  main: {
    // the training worker is its own entry so worker_threads can load it beside index.js
    build: {
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          worker: resolve('engine/node/worker.ts'),
          // data-parallel training replicas, started by the training worker
          replica: resolve('engine/train/parallel/replica-worker.ts'),
        },
        external: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'onnxruntime-node', 'ws'],
      },
    },
  },
  // sandboxed preloads must be CommonJS
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    build: { rollupOptions: { input: { index: resolve('renderer/index.html') } } },
  },
})
