/**
 * Valid graph documents whose cost explodes (issue 14), generated in code rather than committed
 * as megabyte files. Each is small on disk and refused by the cost model before it is paid.
 */
const doc = (rest: Record<string, unknown>) => ({ format: 'deepwire-graph', version: 2, ...rest })

/** A block holding 39,990 edges between two nodes, repeated 64 inside a block repeated 64 (≈1.5 MB). */
export function edgeAmplification(edges = 39_990) {
  return doc({
    nodes: [
      { id: 'in', type: 'Input', params: { shape: [4] } },
      { id: 'r', type: 'Block', block: 'R', repeat: 64 },
    ],
    edges: [{ source: 'in', target: 'r' }],
    blocks: {
      E: {
        nodes: [
          { id: 'a', type: 'Dense', params: { units: 4 } },
          { id: 'b', type: 'Add' },
        ],
        edges: [
          { source: '@in', target: 'a' },
          ...Array.from({ length: edges }, () => ({ source: 'a', target: 'b' })),
          { source: 'b', target: '@out' },
        ],
      },
      R: {
        nodes: [{ id: 'e', type: 'Block', block: 'E', repeat: 64 }],
        edges: [
          { source: '@in', target: 'e' },
          { source: 'e', target: '@out' },
        ],
      },
    },
  })
}

/**
 * 1,000 blocks with `nameChars`-character names (100 is the longest allowed) and 4,999 instances
 * of a block that is not defined.
 */
export function messageAmplification(nameChars = 100) {
  const blocks: Record<string, unknown> = {}
  for (let i = 0; i < 1000; i++)
    blocks[String(i).padStart(4, '0') + 'b'.repeat(nameChars - 4)] = {
      nodes: [{ id: 'd', type: 'Dense', params: { units: 2 } }],
      edges: [
        { source: '@in', target: 'd' },
        { source: 'd', target: '@out' },
      ],
    }
  return doc({
    nodes: [
      { id: 'in', type: 'Input', params: { shape: [4] } },
      ...Array.from({ length: 4999 }, (_, i) => ({ id: `u${i}`, type: 'Block', block: 'missing' })),
    ],
    edges: [],
    blocks,
  })
}

/** A parameter value nested `depth` arrays deep, as JSON text (JSON.stringify would recurse). */
export function deepParamText(depth = 100_000) {
  const base = JSON.stringify(
    doc({
      nodes: [
        { id: 'in', type: 'Input', params: { shape: [4] } },
        { id: 'fc', type: 'Dense', params: { units: 2, deep: 0 } },
      ],
      edges: [{ source: 'in', target: 'fc' }],
    }),
  )
  return base.replace('"deep":0', `"deep":${'['.repeat(depth)}${']'.repeat(depth)}`)
}

/** Blocks L0 → L1 → … → L{n-1}, each holding the next: deep, not recursive. */
export function deepBlocks(n = 20) {
  const blocks: Record<string, unknown> = {}
  const chain = (inner: Record<string, unknown>) => ({
    nodes: [inner],
    edges: [
      { source: '@in', target: 'x' },
      { source: 'x', target: '@out' },
    ],
  })
  for (let i = 0; i < n; i++)
    blocks[`L${i}`] = chain(
      i === n - 1
        ? { id: 'x', type: 'Dense', params: { units: 2 } }
        : { id: 'x', type: 'Block', block: `L${i + 1}` },
    )
  return doc({
    nodes: [
      { id: 'in', type: 'Input', params: { shape: [4] } },
      { id: 'top', type: 'Block', block: 'L0' },
    ],
    edges: [{ source: 'in', target: 'top' }],
    blocks,
  })
}

/** A small regression MLP whose node ids are Object.prototype's own property names. */
export function prototypeIds() {
  return doc({
    name: 'proto',
    nodes: [
      { id: '__proto__', type: 'Input', params: { shape: [2] } },
      { id: 'constructor', type: 'Dense', params: { units: 4, activation: 'relu' } },
      { id: 'toString', type: 'Dense', params: { units: 4, activation: 'relu' } },
      { id: 'hasOwnProperty', type: 'Dense', params: { units: 2 } },
    ],
    edges: [
      { source: '__proto__', target: 'constructor' },
      { source: 'constructor', target: 'toString' },
      { source: 'toString', target: 'hasOwnProperty' },
    ],
    training: { dataset: { name: 'xor' }, loss: 'cross-entropy', epochs: 1, batchSize: 4 },
  })
}

/** A model whose output node is `__proto__`, as JSON text (an object literal would set the prototype). */
export function prototypeOutputText() {
  return JSON.stringify(
    doc({
      name: 'proto-out',
      nodes: [
        { id: 'x', type: 'Input', params: { shape: [2] } },
        { id: 'PROTO', type: 'Dense', params: { units: 2 } },
      ],
      edges: [{ source: 'x', target: 'PROTO' }],
      training: { dataset: { name: 'xor' }, loss: 'cross-entropy', epochs: 1, batchSize: 4 },
    }),
  ).replaceAll('"PROTO"', '"__proto__"')
}

/** A block defined under the name `__proto__`, as JSON text (an object literal would set the prototype). */
export function protoBlockText() {
  return JSON.stringify(
    doc({
      nodes: [
        { id: 'in', type: 'Input', params: { shape: [2] } },
        { id: 'b', type: 'Block', block: '__proto__' },
        { id: 'out', type: 'Dense', params: { units: 2 } },
      ],
      edges: [
        { source: 'in', target: 'b' },
        { source: 'b', target: 'out' },
      ],
      blocks: {
        PROTO: {
          nodes: [{ id: 'd', type: 'Dense', params: { units: 3 } }],
          edges: [
            { source: '@in', target: 'd' },
            { source: 'd', target: '@out' },
          ],
        },
      },
      training: { dataset: { name: 'xor' }, epochs: 1, batchSize: 4 },
    }),
  ).replace('"PROTO"', '"__proto__"')
}

/** A layer type name `chars` characters long. */
export function longTypeName(chars = 1_000_000) {
  return doc({
    nodes: [
      { id: 'in', type: 'Input', params: { shape: [4] } },
      { id: 'x', type: 'Q'.repeat(chars) },
    ],
    edges: [{ source: 'in', target: 'x' }],
  })
}

/** Dense 470 → 2^20: 494 M parameters, under the 500 M model limit. */
export function hugeDense() {
  return doc({
    nodes: [
      { id: 'in', type: 'Input', params: { shape: [470] } },
      { id: 'fc', type: 'Dense', params: { units: 2 ** 20 } },
    ],
    edges: [{ source: 'in', target: 'fc' }],
  })
}
