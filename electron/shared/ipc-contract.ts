/** Electron's IPC speaks the engine host's contract unchanged (see engine/app-contract.ts). */
export type { Args, Channel, EngineApi, Pushes, Results } from '../../engine/app-contract'
export { requestSchemas } from '../../engine/app-contract'
