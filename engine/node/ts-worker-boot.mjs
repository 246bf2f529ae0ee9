// Entry for worker threads and child processes started from TypeScript sources (CLI, tests):
// neither inherits the parent's tsx loader, so register it here before loading the real entry
// (a worker's workerData.entry, or a child process's first argument).
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(workerData?.entry ?? process.argv[2])
