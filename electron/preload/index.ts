import { contextBridge } from 'electron'

// The typed `window.api` is generated from electron/shared/ipc-contract.ts once the app issue
// lands; until then the renderer only learns which shell it runs in.
contextBridge.exposeInMainWorld('deepwire', { shell: 'electron' })
