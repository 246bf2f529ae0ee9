/** Object detection maths (anchors, assignment, offsets, NMS, mAP): pure functions, no tf. */
export * from './anchors'
export * from './assign'
export * from './boxes'
export * from './map'
export * from './nms'
export * from './offsets'
export * from './target'
