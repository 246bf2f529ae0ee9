/**
 * Property-based fuzzing of graph validation: random graphs, random mutations of every preset
 * and arbitrary JSON. Each case must come back as ok or as typed issues (naming the node where
 * one is at fault) within a time bound, and the whole run within a memory budget: sizes are
 * checked arithmetically, so nothing large is ever allocated.
 */
import fc from 'fast-check'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { analyze } from '../../engine/graph/analyze'
import type { GraphIssue } from '../../engine/graph/issues'
import { MAX_FLAT_NODES } from '../../engine/budget/graph-size'
import { parseGraph } from '../../engine/graph/parse'
import { rng, type Rng } from '../../engine/data/random'
import { getLayer, layerKinds } from '../../engine/layers'

const PRESETS = path.resolve(__dirname, '../../presets')
const presets: Record<string, unknown> = Object.fromEntries(
  readdirSync(PRESETS)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.slice(0, -5), JSON.parse(readFileSync(path.join(PRESETS, f), 'utf8'))]),
)

/** Per case: slower than this counts as a hang. */
const CASE_MS = 2_000
/** Whole run: growth of the resident set beyond this means something was allocated by size. */
const MEMORY_BUDGET = 512 * 1024 * 1024

const stats = { cases: 0, exceptions: 0, slowest: 0, rssStart: process.memoryUsage().rss, rssPeak: 0 }

type Result = { ok: boolean; errors: GraphIssue[] }

/** The validator as every host runs it: parse (migrate + structure), then analyze. */
function validate(input: unknown): Result {
  stats.cases++
  const t0 = performance.now()
  let r: Result
  try {
    const p = parseGraph(input)
    r = p.ok ? analyze(p.doc) : { ok: false, errors: p.errors }
  } catch (e) {
    stats.exceptions++
    throw e
  }
  const ms = performance.now() - t0
  stats.slowest = Math.max(stats.slowest, ms)
  stats.rssPeak = Math.max(stats.rssPeak, process.memoryUsage().rss)
  expect(ms, 'validation took too long').toBeLessThan(CASE_MS)
  expect(r.ok).toBe(r.errors.length === 0)
  for (const i of r.errors) {
    expect(i.severity).toBe('error')
    expect(typeof i.message).toBe('string')
    expect(i.message.length).toBeGreaterThan(0)
    if (i.nodeId !== undefined) expect(typeof i.nodeId).toBe('string')
    if (i.field !== undefined) expect(typeof i.field).toBe('string')
  }
  return r
}

const clone = <T>(x: T): T => structuredClone(x)
type Doc = {
  nodes: { id: string; type: string; params?: Record<string, unknown>; block?: string; repeat?: unknown }[]
  edges: Record<string, unknown>[]
  blocks?: Record<string, { nodes: Doc['nodes']; edges: Doc['edges'] }>
  [k: string]: unknown
}

const kinds = [...layerKinds(), 'Block']
const PARAM_KEYS = [
  'shape', 'units', 'filters', 'kernelSize', 'strides', 'padding', 'dilation', 'poolSize', 'rate',
  'axis', 'activation', 'targetShape', 'dims', 'inputDim', 'outputDim', 'size', 'epsilon', 'alpha',
  'useBias', 'dtype', 'interpolation', 'momentum', 'depthMultiplier',
] // prettier-ignore

/** Values of every kind a hand-edited or damaged file holds: zero, huge, negative, wrong types. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -1, 1, 2, 3, 1e9, 2 ** 31, Number.MAX_SAFE_INTEGER, 1.5, -0),
  fc.integer({ min: -4, max: 4096 }),
  fc.double(),
  fc.constantFrom('same', 'valid', 'relu', 'softmax', '', '$missing', '$channels', 'int32', '关系'),
  fc.string({ maxLength: 8 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer({ min: -2, max: 1 << 21 }), fc.constantFrom(0, 1e12)), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
)

const nodeId = fc.oneof(
  fc.constantFrom('in', 'a', 'b', 'c', 'out', 'x/y', '@in', '', '__proto__', 'constructor'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
)

const randomNode = fc.record(
  {
    id: nodeId,
    type: fc.oneof(fc.constantFrom(...kinds), fc.string({ maxLength: 6 })),
    params: fc.dictionary(fc.constantFrom(...PARAM_KEYS), hostileValue, { maxKeys: 4 }),
    block: fc.constantFrom('b0', 'b1', 'nope', 'constructor', '__proto__', 'toString'),
    repeat: fc.oneof(fc.integer({ min: -1, max: 70 }), fc.boolean(), fc.constantFrom('$n', '$x', 'x')),
    trainable: fc.boolean(),
  },
  { requiredKeys: ['id', 'type'] },
)

const randomEdges = (ids: string[]) =>
  fc.array(
    fc.record(
      {
        source: fc.oneof(fc.constantFrom(...ids, '@in', '@out'), fc.string({ maxLength: 3 })),
        target: fc.oneof(fc.constantFrom(...ids, '@in', '@out'), fc.string({ maxLength: 3 })),
        sourcePort: fc.constantFrom('in', 'out', 'x', 'skip', ''),
        targetPort: fc.constantFrom('in', 'out', 'x', 'skip'),
      },
      { requiredKeys: ['source', 'target'] },
    ),
    { maxLength: 24 },
  )

const randomLevel = fc
  .array(randomNode, { minLength: 0, maxLength: 16 })
  .chain((nodes) => fc.tuple(fc.constant(nodes), randomEdges(nodes.map((n) => n.id).concat('in'))))

const randomGraph = fc
  .tuple(
    randomLevel,
    fc.dictionary(
      fc.constantFrom('b0', 'b1', 'constructor', 'toString'),
      fc.tuple(
        randomLevel,
        fc.dictionary(fc.constantFrom('n', 'channels', 'x'), hostileValue, { maxKeys: 2 }),
      ),
      { maxKeys: 3 },
    ),
    fc.constantFrom(1, 2, 2, 2, 3, 0, '2', null),
  )
  .map(([[nodes, edges], blocks, version]) => ({
    format: 'deepwire-graph',
    version,
    nodes: [{ id: 'in', type: 'Input', params: { shape: [8, 8, 3] } }, ...nodes],
    edges,
    blocks: Object.fromEntries(
      Object.entries(blocks).map(([k, [[bn, be], params]]) => [k, { nodes: bn, edges: be, params }]),
    ),
  }))

/** One change to a preset, as a user, a bad merge or a damaged disk would make it. */
type Mutation = (d: Doc, rnd: Rng) => void
const pick = <T>(xs: T[], rnd: Rng): T => xs[rnd.int(xs.length)]
const mutations: Record<string, Mutation> = {
  wrongPort: (d, rnd) => {
    if (d.edges.length) pick(d.edges, rnd).targetPort = pick(['nope', 'in2', '', 'skip'], rnd)
  },
  cycle: (d, rnd) => {
    const a = pick(d.nodes, rnd).id
    const b = pick(d.nodes, rnd).id
    d.edges.push({ source: a, target: b }, { source: b, target: a })
  },
  zeroSize: (d, rnd) => {
    const n = pick(d.nodes, rnd)
    n.params = { ...n.params, [pick(['units', 'filters', 'kernelSize', 'shape', 'strides'], rnd)]: 0 }
  },
  hugeSize: (d, rnd) => {
    const n = pick(d.nodes, rnd)
    const big = pick([1 << 20, 1e9, 2 ** 40, [1 << 20, 1 << 20, 3], [65536, 65536, 64]], rnd)
    n.params = { ...n.params, [pick(['units', 'filters', 'kernelSize', 'shape'], rnd)]: big }
  },
  wrongType: (d, rnd) => {
    const n = pick(d.nodes, rnd)
    n.params = { ...n.params, [pick(PARAM_KEYS, rnd)]: pick(['x', true, null, {}, [[1]], -3.5], rnd) }
  },
  missingField: (d, rnd) => {
    const field = pick(['id', 'type', 'params', 'block'], rnd)
    delete (pick(d.nodes, rnd) as Record<string, unknown>)[field]
  },
  missingTop: (d, rnd) => {
    delete d[pick(['nodes', 'edges', 'format', 'version', 'blocks', 'training'], rnd)]
  },
  unknownType: (d, rnd) => {
    pick(d.nodes, rnd).type = pick(['Conv3D', 'dense', '', 'Блок', '卷积层', 'constructor'], rnd)
  },
  unicodeName: (d, rnd) => {
    const n = pick(d.nodes, rnd)
    const name = pick(['卷积1', 'слой', 'نموذج', '🧠', 'a\u0000b', 'x'.repeat(300), 'e\u0301'], rnd)
    for (const e of d.edges) {
      if (e.source === n.id) e.source = name
      if (e.target === n.id) e.target = name
    }
    n.id = name
    d.name = name
  },
  deepNesting: (d, rnd) => {
    // wrap the whole graph body in a chain of blocks, each instantiating the next
    const depth = 2 + rnd.int(39)
    d.blocks ??= {}
    for (let i = 0; i < depth; i++)
      d.blocks[`wrap${i}`] = {
        nodes: [{ id: 'inner', type: 'Block', block: i + 1 < depth ? `wrap${i + 1}` : 'wrap0' }],
        edges: [
          { source: '@in', target: 'inner' },
          { source: 'inner', target: '@out' },
        ],
      }
    d.nodes.push({ id: 'deep', type: 'Block', block: 'wrap0' })
    d.edges.push({ source: d.nodes[0].id, target: 'deep' })
  },
  protoKeys: (d, rnd) => {
    const n = pick(d.nodes, rnd)
    n.type = 'Block'
    n.block = pick(['__proto__', 'constructor', 'hasOwnProperty'], rnd)
    n.params = JSON.parse('{"__proto__": {"units": 3}, "constructor": 1}')
  },
  newerVersion: (d, rnd) => {
    d.version = pick([3, 99, 1.5, -1, '2', null], rnd)
  },
  duplicateNode: (d, rnd) => {
    d.nodes.push(clone(pick(d.nodes, rnd)))
  },
  dropEdge: (d, rnd) => {
    if (d.edges.length) d.edges.splice(rnd.int(d.edges.length), 1)
  },
  badTraining: (d, rnd) => {
    d.training = pick(
      [{ batchSize: 0 }, { epochs: -1 }, { loss: 'nope' }, { optimizer: { lr: 1e9 } }, 'adam', null],
      rnd,
    )
  },
}

/** Nested repeats multiply (64^depth copies) unless the expansion budget stops them. */
function repeatBomb(d: Doc, depth: number, times: number) {
  d.blocks ??= {}
  for (let i = 0; i < depth; i++)
    d.blocks[`rep${i}`] = {
      nodes: [
        i + 1 < depth
          ? { id: 'r', type: 'Block', block: `rep${i + 1}`, repeat: times }
          : { id: 'r', type: 'ReLU' },
      ],
      edges: [
        { source: '@in', target: 'r' },
        { source: 'r', target: '@out' },
      ],
    }
  d.nodes.push({ id: 'bomb', type: 'Block', block: 'rep0', repeat: times })
  d.edges.push({ source: d.nodes[0].id, target: 'bomb' })
}

// the mutations draw their choices from a seed fast-check generates, so a failure replays
const presetMutation = fc.tuple(
  fc.constantFrom(...Object.keys(presets)),
  fc.array(fc.constantFrom(...Object.keys(mutations)), { minLength: 1, maxLength: 4 }),
  fc.integer(),
)

describe('graph validation under fuzzing', () => {
  afterAll(() => {
    const mb = (stats.rssPeak - stats.rssStart) / 2 ** 20
    console.log(
      `fuzz: ${stats.cases} graphs, ${stats.exceptions} exceptions, slowest ${stats.slowest.toFixed(0)} ms, peak memory growth ${mb.toFixed(0)} MB`,
    )
    expect(stats.exceptions).toBe(0)
    expect(stats.rssPeak - stats.rssStart).toBeLessThan(MEMORY_BUDGET)
  })

  it('every preset is valid as shipped', () => {
    for (const [name, d] of Object.entries(presets)) expect(validate(d).errors, name).toEqual([])
  })

  it('random graphs give ok or typed issues', () => {
    fc.assert(
      fc.property(randomGraph, (g) => {
        validate(g)
      }),
      { numRuns: 2500, seed: 20260401 },
    )
  })

  it('mutated presets give ok or issues that name the node at fault', () => {
    fc.assert(
      fc.property(presetMutation, ([preset, muts, seed]) => {
        const d = clone(presets[preset]) as Doc
        const rnd = rng(seed)
        // removing a top-level field last keeps the other mutations meaningful
        const ordered = [...muts.filter((m) => m !== 'missingTop'), ...muts.filter((m) => m === 'missingTop')]
        for (const m of ordered) mutations[m](d, rnd)
        validate(d)
      }),
      { numRuns: 2500, seed: 20260402 },
    )
  })

  it('nested repeated blocks are cut off by the expansion budget, naming the instance', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(presets)),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 20, max: 64 }),
        (preset, depth, times) => {
          const d = clone(presets[preset]) as Doc
          repeatBomb(d, depth, times)
          const r = validate(d)
          if (times ** depth > MAX_FLAT_NODES)
            expect(r.errors.find((e) => /expands to/.test(e.message))?.nodeId).toBe('bomb')
        },
      ),
      { numRuns: 60, seed: 20260404 },
    )
  })

  it('a wrong parameter type or an unknown layer type names the node and field', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(presets)), fc.nat(), fc.boolean(), (preset, k, typo) => {
        const d = clone(presets[preset]) as Doc
        // layers with a numeric parameter, which then gets a string
        const numeric = (t: string) =>
          Object.entries(getLayer(t)?.params ?? {}).find(([, spec]) =>
            ['int', 'ints', 'pair', 'float'].includes(spec.kind),
          )?.[0]
        const layers = d.nodes.filter((n) => n.type !== 'Block' && numeric(n.type))
        const n = layers[k % layers.length]
        const param = numeric(n.type)!
        if (typo) n.type = n.type + 'x'
        else n.params = { ...n.params, [param]: 'many' }
        const r = validate(d)
        expect(r.errors).toContainEqual(
          expect.objectContaining({ nodeId: n.id, field: typo ? 'type' : param }),
        )
      }),
      { numRuns: 300, seed: 20260405 },
    )
  })

  it('arbitrary JSON is refused with a sentence, never an exception', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (j) => {
        const r = validate(j)
        expect(r.ok).toBe(false)
      }),
      { numRuns: 1000, seed: 20260403 },
    )
  })
})
