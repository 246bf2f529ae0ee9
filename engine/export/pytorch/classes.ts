/**
 * One Python class per block, parametrised like hand-written PyTorch: the instances of a block
 * whose code differs only in numbers (channels, strides) share a class, and the numbers that
 * differ become constructor arguments named after their role (`Inception(in_channels,
 * p1_out_channels, …)`). A number that varies inside forward() keeps instances apart instead,
 * as separate classes, to keep forward free of `self.` bookkeeping.
 */
import { Namer, pyClassName } from './names'

export interface Instance {
  /** The block's name, for the class name and docstring. */
  block: string
  /** Class body with literal numbers; child constructors appear as placeholders ⟦id⟧. */
  body: string
  children: number[]
  /** nn.Sequential of the children: substituted, never a class of its own. */
  inline?: boolean
}

// a numeric literal, not part of a name such as conv1 or Conv1x1
const NUM = /(?<![\w.])\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.])/g
const PLACEHOLDER = /⟦(\d+)⟧/g

const ROLES: [RegExp, string[]][] = [
  [/^nn\.(Conv\dd|ConvTranspose\dd)$/, ['in_channels', 'out_channels', 'kernel_size']],
  [/^nn\.Linear$/, ['in_features', 'out_features']],
  [/^nn\.(BatchNorm\dd|LayerNorm|PReLU)$/, ['channels']],
  [/^nn\.Embedding$/, ['num_embeddings', 'embedding_dim']],
  [/^nn\.(Max|Avg)Pool\dd$/, ['kernel_size']],
]

/** What the number at `at` in `text` means: a keyword's name, or the call's positional role. */
function roleAt(text: string, at: number, params: Map<string, string[]>): { attr: string; role: string } {
  const line = text.slice(text.lastIndexOf('\n', at) + 1, at)
  const attr = /self\.(\w+) =/.exec(line)?.[1] ?? 'value'
  let depth = 0
  let commas = 0
  let argStart = -1
  let i = line.length - 1
  for (; i >= 0; i--) {
    const c = line[i]
    if (c === ')' || c === ']') depth++
    else if (c === '(' || c === '[') {
      if (depth === 0) break
      depth--
    } else if (c === ',' && depth === 0) {
      if (argStart < 0) argStart = i + 1
      commas++
    }
  }
  const keyword = /^\s*(\w+)=/.exec(line.slice(argStart < 0 ? i + 1 : argStart))
  if (keyword) return { attr, role: keyword[1] }
  const callee = /([\w.]+)$/.exec(line.slice(0, Math.max(i, 0)))?.[1] ?? ''
  const names = params.get(callee) ?? ROLES.find(([re]) => re.test(callee))?.[1] ?? []
  return { attr, role: names[commas] ?? 'value' }
}

/** Every instance's constructor call, and the classes they use (children before parents). */
export function resolveClasses(
  instances: Instance[],
  taken: Iterable<string>,
): { ctor: string[]; classes: string[] } {
  const ctor: string[] = []
  const classes: string[] = []
  const classNames = new Namer(taken)
  const params = new Map<string, string[]>()
  const known = new Map<string, string>()
  const fill = (s: string) => s.replace(PLACEHOLDER, (_, id) => ctor[Number(id)])

  while (ctor.filter((c) => c !== undefined).length < instances.length) {
    const ready = instances
      .map((inst, id) => ({ inst, id }))
      .filter(({ inst, id }) => ctor[id] === undefined && inst.children.every((c) => ctor[c] !== undefined))
    if (!ready.length) throw new Error('block instances contain each other')
    for (const r of ready.filter((r) => r.inst.inline)) ctor[r.id] = fill(r.inst.body)
    const groups = new Map<string, { id: number; body: string }[]>()
    for (const { inst, id } of ready.filter((r) => !r.inst.inline)) {
      const body = fill(inst.body)
      const key = `${inst.block}\n${body.replace(NUM, '#')}`
      groups.set(key, [...(groups.get(key) ?? []), { id, body }])
    }
    for (const members of groups.values()) {
      const block = instances[members[0].id].block
      for (const part of split(members)) {
        const { text, args, values } = template(part, params)
        let name = known.get(block + '\n' + text)
        if (!name) {
          name = classNames.take(pyClassName(block)).replace(/_(\d+)$/, '$1')
          known.set(block + '\n' + text, name)
          params.set(name, args)
          classes.push(`class ${name}(nn.Module):\n${text.replace('def __init__(self)', signature(args))}`)
        }
        part.forEach((m, k) => (ctor[m.id] = `${name}(${values[k].join(', ')})`))
      }
    }
  }
  return { ctor, classes }
}

/** `def __init__(self, …)`, wrapped the way Black would when it gets long. */
function signature(args: string[]): string {
  const all = ['self', ...args]
  if (all.join(', ').length + 18 <= 100) return `def __init__(${all.join(', ')})`
  if (all.join(', ').length + 8 <= 100) return `def __init__(\n        ${all.join(', ')}\n    )`
  return `def __init__(\n${all.map((a) => `        ${a},`).join('\n')}\n    )`
}

/** Members whose differing numbers all sit in __init__ share one class; others get their own. */
function split(members: { id: number; body: string }[]) {
  const numbers = members.map((m) => [...m.body.matchAll(NUM)])
  const forwardAt = members[0].body.indexOf('def forward(')
  const varies = numbers[0].some((t, i) => numbers.some((ns) => ns[i][0] !== t[0]) && t.index! > forwardAt)
  return varies ? members.map((m) => [m]) : [members]
}

function template(members: { id: number; body: string }[], params: Map<string, string[]>) {
  const tokens = members.map((m) => [...m.body.matchAll(NUM)])
  const body = members[0].body
  const slots: { vector: string; at: number[] }[] = []
  tokens[0].forEach((t, i) => {
    const vector = tokens.map((ts) => ts[i][0]).join(',')
    if (tokens.every((ts) => ts[i][0] === t[0])) return
    const slot = slots.find((s) => s.vector === vector)
    if (slot) slot.at.push(i)
    else slots.push({ vector, at: [i] })
  })
  const roles = slots.map((s) => roleAt(body, tokens[0][s.at[0]].index!, params))
  const names = new Namer(['self'])
  const args = roles.map((r) =>
    names.take(roles.filter((q) => q.role === r.role).length > 1 ? `${r.attr}_${r.role}` : r.role),
  )
  const slotOf = new Map(slots.flatMap((s, k) => s.at.map((i) => [i, k] as [number, number])))
  let i = 0
  const text = body.replace(NUM, (n) => {
    const k = slotOf.get(i++)
    return k === undefined ? n : args[k]
  })
  const values = members.map((_, m) => slots.map((s) => tokens[m][s.at[0]][0]))
  return { text, args, values }
}
