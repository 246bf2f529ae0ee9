/**
 * A large file (an ONNX model) uploaded in order, chunk by chunk, so its size is bounded by the
 * engine's upload budget (budget/upload.ts) and not by one request frame; see
 * engine/node/chunked-uploads.ts for the other side. A failed chunk ends the upload on both sides.
 */
import type { EngineApi } from '../../../engine/app-contract'
import { UPLOAD_CHUNK_BYTES } from '../../../engine/budget/upload'

/** Bytes as base64, a slice at a time (String.fromCharCode takes a bounded argument list). */
function toBase64(bytes: Uint8Array): string {
  let text = ''
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(text)
}

/** Uploads `file` as imported/<name>/<fileName>; returns the `imported:` folder. */
export async function uploadInChunks(
  invoke: EngineApi['invoke'],
  name: string,
  fileName: string,
  file: Blob,
  progress?: (fraction: number) => void,
): Promise<string> {
  const { id } = await invoke('uploads:begin', { name, file: fileName, size: file.size })
  try {
    for (let offset = 0; offset < file.size; offset += UPLOAD_CHUNK_BYTES) {
      const bytes = new Uint8Array(await file.slice(offset, offset + UPLOAD_CHUNK_BYTES).arrayBuffer())
      await invoke('uploads:chunk', { id, offset, data: toBase64(bytes) })
      progress?.(Math.min(1, (offset + bytes.length) / file.size))
    }
    return (await invoke('uploads:finish', { id })).folder
  } catch (e) {
    // the engine ends an upload it refused; this ends one the page gave up on
    await invoke('uploads:abort', { id }).catch(() => {})
    throw e
  }
}
