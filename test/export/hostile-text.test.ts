/**
 * Untrusted text in generated files: graph names, descriptions, node ids, block names and dataset
 * names full of quotes, backslashes, line breaks, NUL, bidi overrides and braces go into model.py,
 * train.py, README.md and the ONNX file. The Python must parse, import and run, with the text
 * coming back equal as data (GRAPH_NAME, docstrings, DATASET); the ONNX file must load in
 * onnxruntime with its strings decoding back equal; the README must hold no raw line break or tag.
 */
import { execFile } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import * as ort from 'onnxruntime-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportOnnxFile } from '../../engine/export/onnx/file'
import { exportPytorch } from '../../engine/export/pytorch'
import { exportTfjs, loadTfjsModel, MODEL_JSON } from '../../engine/export/tfjs'
import { mdText, pyStr } from '../../engine/export/literals'
import { parseGraph } from '../../engine/graph/parse'
import type { GraphDocInput } from '../../engine/graph/schema'
import { tempDir, tf, useWasm } from './helpers'
import { PYTHON } from './pytorch-parity'

const HOSTILE: Record<string, string> = {
  quotes: `it's a "model"`,
  backslashes: 'C:\\Users\\new\\x41\\N{BULLET}\\u0041\\',
  newlines: 'line one\nline two\r\nthree\rfour',
  'triple double': 'a """ b """',
  'triple single': "a ''' b '''",
  hash: '# not a comment\n# nor this',
  nul: 'before\u0000after',
  'line separator': 'a\u2028b\u2029c\u0085d',
  'rtl override': 'admin\u202e\u2066evil\u2069',
  emoji: 'cat 🐈‍⬛ 猫 ✓',
  template: '${process.exit(1)} `whoami`',
  braces: '{x} {{y}} f"{__import__(\'os\')}"',
  markdown: '# Heading\n- [link](javascript:alert(1)) <script>x</script> | cell | &amp;',
  'python code': "'); import os; os.system('echo pwned'); ('",
  long: 'x'.repeat(1000),
  // computed: a plain `__proto__:` key would set the literal's prototype instead
  ['__proto__']: '__proto__',
  constructor: 'constructor',
  keyword: 'class',
  builtin: 'len',
}

/**
 * The names the schema caps at 200 characters get the first 190, the description all of it; ids
 * may not hold '/' (the flattener's path separator), so ids spell it '|'.
 */
const shorten = (s: string) => s.slice(0, 190)
const idOf = (s: string) => shorten(s).replace(/\//g, '|')
/** Block and dataset names are at most 100 characters without control characters (the schema refuses the rest). */
const nameOf = (s: string) => s.slice(0, 90).replace(/\p{Cc}/gu, '·')

function graphWith(s: string): GraphDocInput {
  const short = shorten(s)
  const id = idOf(s)
  // a block named like an Object.prototype key is the graph's own concern (test/unit/graph)
  const block = `${nameOf(s)} block`
  return {
    format: 'deepwire-graph',
    version: 2,
    name: short,
    description: s,
    nodes: [
      { id, type: 'Input', params: { shape: [3] }, label: short },
      { id: `${id}.b`, type: 'Block', block, label: short },
      { id: `${id}.out`, type: 'Dense', params: { units: 2 } },
    ],
    edges: [
      { source: id, target: `${id}.b` },
      { source: `${id}.b`, target: `${id}.out` },
    ],
    blocks: {
      [block]: {
        description: s,
        inputs: ['x'],
        outputs: ['y'],
        nodes: [{ id, type: 'Dense', params: { units: 4, activation: 'relu' } }],
        edges: [
          { source: '@x', target: id },
          { source: id, target: '@y' },
        ],
      },
    },
    training: { dataset: { name: nameOf(s), path: s } },
  }
}

// imports each package, runs it and prints what its text reads back as
const CHECK = `
import ast, importlib, json, sys
import numpy as np, torch
out = {}
for d in sys.argv[1:]:
    sys.path.insert(0, d)
    for m in ('model', 'data'):
        sys.modules.pop(m, None)
    r = {}
    try:
        for f in ('model.py', 'train.py'):
            ast.parse(open(f'{d}/{f}', encoding='utf-8').read(), f)
        model = importlib.import_module('model')
        net = model.load_weights(model.Net(), f'{d}/weights.npz').eval()
        y = net(torch.zeros(2, 3))
        train = ast.parse(open(f'{d}/train.py', encoding='utf-8').read())
        consts = {n.targets[0].id: ast.literal_eval(n.value) for n in train.body
                  if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name) and n.targets[0].id == 'DATASET'}
        r = dict(name=model.GRAPH_NAME, doc=model.__doc__, netdoc=model.Net.__doc__, shape=list(y.shape),
                 traindoc=ast.get_docstring(train, clean=False), dataset=consts['DATASET'],
                 blockdocs=[c.__doc__ for c in vars(model).values() if isinstance(c, type) and c.__module__ == 'model' and c is not model.Net])
    except Exception as e:
        r = dict(error=f'{type(e).__name__}: {e}')
    sys.path.remove(d)
    out[d] = r
print(json.dumps(out))
`

const root = tempDir('deepwire-hostile-text-')
const dirs = new Map<string, string>()
let python: Record<string, Record<string, unknown>> = {}

beforeAll(async () => {
  await useWasm()
  for (const [label, s] of Object.entries(HOSTILE)) {
    const dir = path.join(root, label.replace(/\W/g, '_'))
    const parsed = parseGraph(graphWith(s))
    if (!parsed.ok) throw new Error(`${label}: ${parsed.errors[0].message}`)
    await exportPytorch(parsed.doc, null, dir, { tf })
    dirs.set(label, dir)
  }
  const { stdout } = await promisify(execFile)(PYTHON, ['-c', CHECK, ...dirs.values()], {
    maxBuffer: 64 << 20,
  })
  python = JSON.parse(stdout) as typeof python
}, 120_000)
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('untrusted text in the PyTorch export', () => {
  it.each(Object.entries(HOSTILE))(
    '%s: model.py and train.py run and read the text back as data',
    (label, s) => {
      const short = shorten(s)
      const r = python[dirs.get(label)!]
      expect(r.error).toBeUndefined()
      expect(r.shape).toEqual([2, 2])
      expect(r.name).toBe(short)
      expect(r.dataset).toBe(nameOf(s))
      expect((r.doc as string).startsWith(`${short}: a PyTorch model`)).toBe(true)
      expect((r.doc as string).includes(s)).toBe(true)
      expect(r.netdoc).toBe(`${short}, as built in Deepwire.`)
      expect((r.traindoc as string).startsWith(`Trains the exported ${short} as Deepwire would`)).toBe(true)
      expect(r.blockdocs).toEqual([`Block '${nameOf(s)} block' of the graph.`])
    },
  )

  it.each(Object.entries(HOSTILE))('%s: README.md holds the text on its own lines, escaped', (label, s) => {
    const readme = readFileSync(path.join(dirs.get(label)!, 'README.md'), 'utf8')
    const lines = readme.split('\n')
    expect(lines[0]).toBe(`# ${mdText(shorten(s))} — PyTorch export from Deepwire`)
    expect(lines[2]).toBe(mdText(s))
    expect(readme).not.toMatch(/<script|\r|\u2028|\u202e|\0/)
  })
})

describe('untrusted text in the tfjs export', () => {
  it.each(Object.entries(HOSTILE))(
    '%s: model.json holds the text as data and loads back',
    async (label, s) => {
      const dir = path.join(root, `tfjs-${label.replace(/\W/g, '_')}`)
      const parsed = parseGraph(graphWith(s))
      if (!parsed.ok) throw new Error(parsed.errors[0].message)
      await exportTfjs(parsed.doc, null, dir, { tf })
      const json = JSON.parse(readFileSync(path.join(dir, MODEL_JSON), 'utf8')) as {
        userDefinedMetadata: { deepwire: { graph: string; inputs: string[] } }
      }
      expect(json.userDefinedMetadata.deepwire.graph).toBe(shorten(s))
      expect(json.userDefinedMetadata.deepwire.inputs).toEqual([idOf(s)])
      const model = await loadTfjsModel(tf, dir)
      expect(model.outputs[0].shape).toEqual([null, 2])
      model.dispose()
    },
  )
})

describe('the literal encoders', () => {
  it('keep every character Python could misread out of a literal', () => {
    for (const s of Object.values(HOSTILE)) {
      const lit = pyStr(s)
      expect(lit).not.toMatch(/[\n\r\0\u2028\u2029\u0085\u202e\u2066\u2069]/)
      // only escaped quotes inside
      expect(lit.slice(1, -1)).not.toMatch(/(^|[^\\])(\\\\)*'/)
    }
  })

  it('escape Markdown so it renders as the text', () => {
    expect(mdText('[a](b) <i>&x')).toBe('\\[a\\](b) &lt;i\\>&amp;x')
    expect(mdText('- item')).toBe('\\- item')
    expect(mdText('1. first\nsecond')).toBe('1\\. first second')
  })
})

describe('untrusted text in the ONNX export', () => {
  const { nul, ...loadable } = HOSTILE

  it('refuses a NUL in an input or output id, which onnxruntime would cut short, and writes nothing', async () => {
    const file = path.join(root, 'nul.onnx')
    await expect(exportOnnxFile(graphWith(nul), null, file, { tf })).rejects.toThrow(
      /^cannot export node 'before\0after' \(Input\) to ONNX: its id holds a NUL character/,
    )
    expect(existsSync(file)).toBe(false)
  })

  it.each(Object.entries(loadable))(
    '%s: onnxruntime loads the file and the strings decode back equal',
    async (label, s) => {
      const short = shorten(s)
      const file = path.join(root, `${label.replace(/\W/g, '_')}.onnx`)
      const r = await exportOnnxFile(graphWith(s), null, file, { tf })
      expect(r.parity!.maxDiff).toBeLessThan(1e-4)
      const session = await ort.InferenceSession.create(file)
      expect(session.inputNames).toEqual([idOf(s)])
      expect(session.outputNames).toEqual([`${idOf(s)}.out`])
      const meta = await decodeMeta(file)
      expect(meta.graphName).toBe(short)
      expect(meta.doc).toBe(s)
      expect(meta.metadata.graph_name).toBe(short)
      expect(meta.metadata.dataset).toBe(nameOf(s))
      await session.release()
    },
  )
})

// the official onnx package reads the file back, independent of our encoder
async function decodeMeta(file: string) {
  const script = `
import json, sys, onnx
m = onnx.load(sys.argv[1])
print(json.dumps(dict(graphName=m.graph.name, doc=m.graph.doc_string,
                      metadata={p.key: p.value for p in m.metadata_props})))`
  const { stdout } = await promisify(execFile)(PYTHON, ['-c', script, file])
  return JSON.parse(stdout) as { graphName: string; doc: string; metadata: Record<string, string> }
}
