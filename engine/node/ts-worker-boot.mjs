// Entry for worker threads started from TypeScript sources (CLI, tests): workers do not
// inherit the parent's tsx loader, so register it here before loading the real entry.
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(workerData.entry)
