/**
 * What a browser may upload in pieces (web mode's "Import model…"): one file of up to the largest
 * ONNX model the format can hold, sent as chunks small enough for an ordinary request frame
 * (2 MiB is 2.7 MB of base64, under the 4 MB frame limit), a few uploads open at once, and an
 * upload left unfinished is dropped after a while so its staging file does not stay.
 */
export const MAX_UPLOAD_BYTES = 2 ** 31
export const UPLOAD_CHUNK_BYTES = 2 * 2 ** 20
export const MAX_OPEN_UPLOADS = 4
export const UPLOAD_IDLE_MS = 10 * 60 * 1000
