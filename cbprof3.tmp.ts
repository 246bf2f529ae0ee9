import { readFileSync } from 'node:fs'
import { analyze } from './engine/graph/analyze'
import { flatten } from './engine/graph/flatten'
import { parseGraph } from './engine/graph/parse'
import { inlineAll } from './renderer/src/store/block-ops'
import { setParam } from './renderer/src/store/doc-ops'
const r = parseGraph(JSON.parse(readFileSync('presets/densenet.json', 'utf8')))
if (!r.ok) throw 1
let doc = r.doc
for (const id of ['dense1', 'dense2', 'dense3', 'dense4']) doc = setParam(doc, id, 'convs', 64)
const flat = inlineAll(doc)
const t = (name: string, f: () => unknown) => { const ts: number[] = []; for (let i = 0; i < 15; i++) { const t0 = performance.now(); f(); ts.push(performance.now() - t0) } ; ts.sort((a,b)=>a-b); console.log(name, 'min', ts[0].toFixed(1), 'median', ts[7].toFixed(1)) }
t('flatten flat', () => flatten(flat))
t('analyze flat', () => analyze(flat))
t('analyze blocks', () => analyze(doc))
