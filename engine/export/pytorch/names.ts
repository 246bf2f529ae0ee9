/**
 * Python names for node ids, block names and ports: valid identifiers that shadow nothing the
 * generated code uses (keywords, the imported modules, nn.Module's own attributes).
 */
const KEYWORDS =
  'False None True and as assert async await break class continue def del elif else except finally for from ' +
  'global if import in is lambda nonlocal not or pass raise return try while with yield'

// nn.Module attributes a submodule must not replace, and the names model.py itself defines
const TAKEN =
  'self torch nn F np math x forward training train eval to cuda cpu float double half bfloat16 type apply ' +
  'parameters buffers children modules state_dict load_state_dict register_buffer register_parameter ' +
  'add_module zero_grad named_parameters named_buffers named_children named_modules requires_grad_ ' +
  'extra_repr get_submodule get_parameter get_buffer share_memory dump_patches call_super_init ' +
  'load_weights avg_pool_same upsample_bilinear_tf Net GRAPH_NAME INPUT_SHAPES INPUT_DTYPES'

// builtins the generated code and its helpers call, which a local variable must not shadow
const BUILTINS =
  'abs all any bool dict enumerate float getattr int isinstance len list map max min object print range ' +
  'round setattr slice str sum super tuple zip'

const RESERVED = new Set([...KEYWORDS.split(' '), ...TAKEN.split(' '), ...BUILTINS.split(' ')])

/** A valid, harmless Python identifier for `raw` ('in' → 'in_', 'conv-1' → 'conv_1', '2' → 'n2'). */
export function pyIdent(raw: string): string {
  let s = raw.replace(/[^A-Za-z0-9_]/g, '_')
  if (!s || /^[0-9_]/.test(s)) s = 'n' + s
  return RESERVED.has(s) ? s + '_' : s
}

/** 'vgg_block' → 'VggBlock', 'resnet-basic' → 'ResnetBasic'. */
export function pyClassName(raw: string): string {
  const s = raw
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('')
  const name = /^[A-Za-z]/.test(s) ? s : 'Block' + s
  return RESERVED.has(name) ? name + 'Block' : name
}

/** Hands out unique names within one Python namespace (a class's attributes, a function's locals). */
export class Namer {
  private used: Set<string>
  constructor(taken: Iterable<string> = []) {
    this.used = new Set(taken)
  }
  take(base: string): string {
    let name = base
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`
    this.used.add(name)
    return name
  }
  has(name: string): boolean {
    return this.used.has(name)
  }
}
