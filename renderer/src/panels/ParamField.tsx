import { useEffect, useState } from 'react'
import type { ParamSpec } from '../../../engine/layers/params'

/** Turns the text a user typed into the value the spec expects; strings that fail stay text. */
export function parseField(spec: ParamSpec, text: string): unknown {
  const n = Number(text)
  switch (spec.kind) {
    case 'int':
    case 'float':
      return text.trim() === '' || Number.isNaN(n) ? text : n
    case 'ints':
    case 'floats':
      return text
        .split(/[,×x ]+/)
        .filter(Boolean)
        .map(Number)
    case 'pair': {
      const parts = text
        .split(/[,×x ]+/)
        .filter(Boolean)
        .map(Number)
      return parts.length === 1 ? parts[0] : parts
    }
    case 'padding':
      return text === 'same' || text === 'valid' ? text : Number.isNaN(n) ? text : n
    default:
      return text
  }
}

const show = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v ?? ''))

/** One inspector field generated from a registry parameter spec. */
export function ParamField(props: {
  name: string
  spec: ParamSpec
  value: unknown
  error?: string
  onChange(v: unknown): void
}) {
  const { name, spec, value, error, onChange } = props
  const [text, setText] = useState(show(value))
  useEffect(() => setText(show(value)), [value])
  let input
  if (spec.kind === 'bool')
    input = <input type="checkbox" checked={Boolean(value)} onChange={(e) => onChange(e.target.checked)} />
  else if (spec.kind === 'choice')
    input = (
      <select value={String(value)} onChange={(e) => onChange(e.target.value)}>
        {spec.options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    )
  else
    input = (
      <input
        value={text}
        inputMode={spec.kind === 'int' || spec.kind === 'float' ? 'decimal' : 'text'}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => onChange(parseField(spec, text))}
        onKeyDown={(e) => e.key === 'Enter' && onChange(parseField(spec, text))}
      />
    )
  return (
    <label className={`field${error ? ' field-error' : ''}`} data-testid={`param-${name}`}>
      <span>{name}</span>
      {input}
      {error && <small>{error}</small>}
    </label>
  )
}
