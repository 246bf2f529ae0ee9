/**
 * Hostile and malformed requests, shared by the WebSocket and the Electron IPC tests: each
 * must be refused with a sentence matching `refusal`, and change nothing on disk.
 */
export interface Hostile {
  what: string
  channel: unknown
  args: unknown
  /** The arguments as JSON text, where JSON.stringify could not write them (nested too deep). */
  text?: string
  refusal: RegExp
}

/** `[[[…0…]]]` nested `depth` times, built without recursion, as a value and as JSON text. */
function nested(depth: number): { value: unknown; text: string } {
  let value: unknown = 0
  for (let i = 0; i < depth; i++) value = [value]
  return { value, text: '['.repeat(depth) + '0' + ']'.repeat(depth) }
}
const deep = nested(100_000)
const TOO_DEEP = /the request nests arrays or objects more than 64 levels deep/
const upload = (name: string, ...paths: string[]) => ({
  name,
  files: paths.map((p) => ({ path: p, data: 'eA==' })),
})

/** The smallest valid graph, shared by the suites that need one to wrap. */
export const graph = {
  format: 'deepwire-graph',
  version: 2,
  nodes: [
    { id: 'in', type: 'Input', params: { shape: [4] } },
    { id: 'out', type: 'Dense', params: { units: 3 } },
  ],
  edges: [{ source: 'in', target: 'out' }],
}
const withDataset = (dataset: Record<string, unknown>) => ({ ...graph, training: { dataset } })
export const project = (g: unknown) => ({ format: 'deepwire-project', version: 1, graph: g })

export const hostile: Hostile[] = [
  {
    what: 'unknown channel',
    channel: 'shell:exec',
    args: { cmd: 'rm -rf /' },
    refusal: /unknown request 'shell:exec'/,
  },
  { what: 'prototype channel', channel: '__proto__', args: {}, refusal: /unknown request '__proto__'/ },
  { what: 'constructor channel', channel: 'constructor', args: {}, refusal: /unknown request 'constructor'/ },
  { what: 'empty channel', channel: '', args: {}, refusal: /unknown request ''/ },
  {
    what: 'extra argument',
    channel: 'projects:list',
    args: { all: true },
    refusal: /invalid arguments for 'projects:list'/,
  },
  { what: 'arguments not an object', channel: 'projects:list', args: 'x', refusal: /invalid arguments/ },
  { what: 'arguments an array', channel: 'projects:open', args: ['a'], refusal: /invalid arguments/ },
  { what: 'wrong type', channel: 'train:control', args: { runId: 1, action: 'stop' }, refusal: /runId/ },
  {
    what: 'unknown action',
    channel: 'train:control',
    args: { runId: 'x', action: 'kill -9' },
    refusal: /action/,
  },
  { what: 'huge preview', channel: 'datasets:preview', args: { name: 'xor', count: 1e9 }, refusal: /count/ },
  {
    what: 'unknown dataset',
    channel: 'datasets:preview',
    args: { name: '../../etc' },
    refusal: /unknown dataset/,
  },
  { what: 'export format', channel: 'export:run', args: { graph, format: 'exe' }, refusal: /format/ },
  {
    what: 'export run id',
    channel: 'export:run',
    args: { graph, format: 'onnx', runId: '../../x' },
    refusal: /runId/,
  },
  {
    what: 'train outDir smuggled',
    channel: 'train:start',
    args: { graph, outDir: '/tmp/evil' },
    refusal: /invalid arguments for 'train:start'/,
  },
  {
    what: 'train resumeFrom smuggled',
    channel: 'train:start',
    args: { graph, resumeFrom: '/etc/passwd' },
    refusal: /invalid arguments for 'train:start'/,
  },
  {
    what: 'train backend',
    channel: 'train:start',
    args: { graph, backend: 'native-exec' },
    refusal: /backend/,
  },
  {
    what: 'dataset path in the graph',
    channel: 'train:start',
    args: { graph: withDataset({ name: 'csv', path: '/etc/passwd' }) },
    refusal: /dataset.path: '\/etc\/passwd' was not chosen in this session/,
  },
  {
    what: 'dataset path in the overrides',
    channel: 'train:start',
    args: { graph, overrides: { dataset: { name: 'text', path: '../../../../etc/hostname' } } },
    refusal: /was not chosen in this session/,
  },
  {
    what: 'dataset path not a string',
    channel: 'train:start',
    args: { graph, overrides: { dataset: { name: 'csv', path: { toString: 1 } } } },
    refusal: /dataset.path must be a path written as text/,
  },
  {
    what: 'dataset path through an export',
    channel: 'export:run',
    args: { graph: withDataset({ name: 'images', path: '/home' }), format: 'pytorch' },
    refusal: /was not chosen in this session/,
  },
  ...[
    '../../escape',
    '..\\..\\escape',
    '/etc/passwd',
    'a/b',
    'C:\\Windows\\x',
    'nul\0byte',
    'x'.repeat(121),
    '',
  ].map((name): Hostile => ({
    what: `project name ${JSON.stringify(name.slice(0, 20))}`,
    channel: 'projects:save',
    args: { name, project: project(graph) },
    refusal: /invalid arguments for 'projects:save': name/,
  })),
  {
    what: 'open traversal',
    channel: 'projects:open',
    args: { name: '../../../../etc/passwd' },
    refusal: /invalid arguments for 'projects:open': name/,
  },
  {
    what: 'project that is not a project',
    channel: 'projects:save',
    args: { name: 'p', project: { evil: true } },
    refusal: /not saved: the project is not a Deepwire project/,
  },
  {
    what: 'prototype pollution in arguments',
    channel: 'projects:save',
    args: JSON.parse(
      '{"name": "q", "project": {"format": "deepwire-project", "version": 1}, "__proto__": {"polluted": 1}}',
    ),
    refusal: /invalid arguments|not saved/,
  },
  {
    what: 'a field nested 100,000 deep in a training request',
    channel: 'train:start',
    args: { graph, unknown: deep.value },
    text: `{"graph":${JSON.stringify(graph)},"unknown":${deep.text}}`,
    refusal: TOO_DEEP,
  },
  {
    what: 'a graph nested 100,000 deep in an export',
    channel: 'export:run',
    args: { graph: deep.value, format: 'onnx' },
    text: `{"graph":${deep.text},"format":"onnx"}`,
    refusal: TOO_DEEP,
  },
  {
    what: 'a project nested 65 deep',
    channel: 'projects:save',
    args: { name: 'deep', project: { ...project(graph), extra: nested(65).value } },
    text: `{"name":"deep","project":${JSON.stringify({ ...project(graph), extra: 0 }).replace('"extra":0', `"extra":${nested(65).text}`)}}`,
    refusal: TOO_DEEP,
  },
  ...['..', '.', '.git'].map((name): Hostile => ({
    what: `upload folder ${JSON.stringify(name)}`,
    channel: 'datasets:import',
    args: upload(name, 'evil.csv'),
    refusal: new RegExp(`the folder name '${name.replace(/\./g, '\\.')}' may not start with a dot`),
  })),
  {
    what: 'upload folder named for a device',
    channel: 'datasets:import',
    args: upload('aux', 'a.csv'),
    refusal: /'aux' is a name Windows reserves for a device/,
  },
  {
    what: 'upload with a file where a folder is needed',
    channel: 'datasets:import',
    args: upload('clash', 'a', 'a/b'),
    refusal: /import 'clash': 'a' is a file, but 'a\/b' needs a folder of that name/,
  },
  {
    what: 'upload with two files differing in case',
    channel: 'datasets:import',
    args: upload('clash', 'Data.csv', 'data.CSV'),
    refusal: /the files 'Data\.csv' and 'data\.CSV' would be the same file/,
  },
]
