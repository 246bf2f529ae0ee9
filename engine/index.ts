/**
 * Deepwire's engine, side-effect-free part: the graph format, the layer registry, validation
 * and shape inference, and the protocol types. Safe to import in the renderer (no tfjs, no
 * Node). Training, datasets and export live behind `engine/node/*` and run in worker threads.
 */
export { analyze, type Analysis, type NodeInfo } from './graph/analyze'
export {
  admitGraph,
  estimateTrainingMemory,
  graphSizeRefusal,
  GraphRefusal,
  measureGraph,
  memoryRefusal,
  type GraphSize,
  type MemoryEstimate,
} from './budget'
export { formatIssue, type GraphIssue } from './graph/issues'
export { parseGraph } from './graph/parse'
export * from './graph/schema'
export { getLayer, layerKinds, layers, type LayerKind } from './layers'
export type * from './protocol'
export type * from './app-contract'
