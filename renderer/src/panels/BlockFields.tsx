import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { BlockDef } from '../../../engine/graph/schema'
import { boundTo } from '../store/block-edit'
import './block-fields.css'

const show = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v ?? ''))

/** Block parameters are untyped in the document: read what was typed as a number, flag or list. */
export function parseBlockValue(text: string): number | boolean | number[] | string {
  const s = text.trim()
  if (s === 'true' || s === 'false') return s === 'true'
  if (s !== '' && !Number.isNaN(Number(s))) return Number(s)
  const parts = s.split(/[,×x ]+/).filter(Boolean)
  if (parts.length > 1 && parts.every((p) => !Number.isNaN(Number(p)))) return parts.map(Number)
  return s
}

/** A value an enclosing block's parameter decides: shown, not edited, with where to change it. */
export function BoundField(props: { name: string; value: unknown; param: string }) {
  const { t } = useTranslation()
  return (
    <div className="field bound-field" data-testid={`param-${props.name}`}>
      <span>{props.name}</span>
      <input value={show(props.value)} readOnly aria-readonly />
      <p className="bound-note" data-testid={`bound-${props.name}`}>
        {t('blocks.edit.bound', { param: props.param })}
      </p>
    </div>
  )
}

function BlockParamField(props: { name: string; value: unknown; onChange(v: unknown): void }) {
  const [text, setText] = useState(show(props.value))
  useEffect(() => setText(show(props.value)), [props.value])
  const commit = () => {
    const v = parseBlockValue(text)
    if (show(v) !== show(props.value)) props.onChange(v)
  }
  return (
    <label className="field" data-testid={`block-param-${props.name}`}>
      <span>{props.name}</span>
      <input
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    </label>
  )
}

/**
 * The parameters of a block instance: its own values over the definition's defaults. A value
 * the instance takes from an enclosing block's parameter ("$channels") is read-only here.
 */
export function BlockParams(props: {
  def: BlockDef
  /** The instance's params as written ("$name" references kept). */
  written: Record<string, unknown>
  /** The same with references filled in. */
  resolved: Record<string, unknown>
  onChange(name: string, value: unknown): void
}) {
  const { t } = useTranslation()
  const names = Object.keys(props.def.params)
  if (!names.length) return null
  return (
    <section data-testid="block-params">
      <h3>{t('blocks.edit.params')}</h3>
      {names.map((name) => {
        const value = props.resolved[name] ?? props.def.params[name]
        const bound = boundTo(props.written[name])
        return bound ? (
          <BoundField key={name} name={name} value={value} param={bound} />
        ) : (
          <BlockParamField key={name} name={name} value={value} onChange={(v) => props.onChange(name, v)} />
        )
      })}
    </section>
  )
}
