import { analyze } from '../../engine/graph/analyze'
import { parseGraph } from '../../engine/graph/parse'
import lenet from '../../presets/lenet.json'

// Placeholder until the canvas lands: proves the renderer runs the engine's pure code
// (validation, shape inference) with no tfjs and no Node.
export function App() {
  const parsed = parseGraph(lenet)
  const summary = parsed.ok ? analyze(parsed.doc) : null
  return (
    <main style={{ fontFamily: 'system-ui', padding: 24 }}>
      <h1>Deepwire</h1>
      <p>LeNet-5: {summary?.totals.trainableParams.toLocaleString('en')} trainable parameters</p>
      <ul>
        {summary?.order.map((n) => (
          <li key={n.id}>
            {n.id} · {n.type} · [{n.outputShape.join('×')}]
          </li>
        ))}
      </ul>
    </main>
  )
}
