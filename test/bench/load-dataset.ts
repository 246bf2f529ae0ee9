/** Prints how long loading Fashion-MNIST takes in a fresh process (DEEPWIRE_CACHE decides cold/warm). */
import { loadDataset } from '../../engine/data/registry'

const t0 = performance.now()
const ds = await loadDataset('fashion-mnist')
console.log(JSON.stringify({ ms: performance.now() - t0, size: ds.size }))
