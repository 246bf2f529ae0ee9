import type { EngineApi } from '../../engine/app-contract'
import { connectWebSocket } from './ws-client'

declare global {
  interface Window {
    /** Set by Electron's preload; absent in a plain browser (web mode). */
    api?: EngineApi
  }
}

/** Electron's preload bridge when present, otherwise web mode's WebSocket. */
export const api: EngineApi =
  window.api ?? connectWebSocket(new URLSearchParams(location.search).get('token') ?? '')
