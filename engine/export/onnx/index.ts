/**
 * ONNX export. This entry is pure (no filesystem, no onnxruntime) and safe to import anywhere;
 * Node code uses `./file` (exportOnnxFile), `./run` (runOnnx) and `./parity` (checkParity).
 */
export { exportOnnx, OPSET, type OnnxExportOptions } from './export'
export { OnnxExportError, type OnnxContext, type Weight } from './types'
