import { contextBridge, ipcRenderer } from 'electron'
import type { EngineApi } from '../shared/ipc-contract'

// The renderer gets exactly the engine contract: one invoke channel and one event channel,
// never ipcRenderer itself.
const api: EngineApi = {
  invoke: (channel, args) => ipcRenderer.invoke('engine:invoke', channel, args),
  on: (channel, listener) => {
    const wrapped = (_e: unknown, c: string, payload: unknown) => {
      if (c === channel) listener(payload as never)
    }
    ipcRenderer.on('engine:push', wrapped)
    return () => ipcRenderer.removeListener('engine:push', wrapped)
  },
}
contextBridge.exposeInMainWorld('api', api)
