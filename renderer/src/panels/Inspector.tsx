import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Analysis } from '../../../engine/graph/analyze'
import type { GraphDoc, GraphNode } from '../../../engine/graph/schema'
import { getLayer } from '../../../engine/layers'
import { defaultsOf } from '../../../engine/layers/params'
import { fmtShape } from '../canvas/adapters'
import { LayerDocView } from '../learn/LayerDocView'
import { useAnalysis } from '../store/analysis'
import {
  blockUses,
  boundTo,
  renameInner,
  resolveInner,
  setInnerParam,
  updateInnerNode,
  type EditResult,
} from '../store/block-edit'
import { renameNode, setParam, updateNode } from '../store/doc-ops'
import { useGraph } from '../store/graph'
import { AnchorPreview } from './AnchorPreview'
import { BlockParams, BoundField } from './BlockFields'
import { InitField } from './InitField'
import { LrMultiplierField } from './LrMultiplierField'
import { ParamField } from './ParamField'

/**
 * What the form edits: a top-level node directly, or a node inside an open block through its
 * block definition (`block` set), where "$param" references make some values read-only.
 */
interface Subject {
  path: string
  /** The node as this place in the model sees it (references filled in). */
  node: GraphNode
  /** Its params as written in the document. */
  written: Record<string, unknown>
  block?: string
  setParam(doc: GraphDoc, name: string, value: unknown): EditResult
  update(doc: GraphDoc, patch: Partial<Pick<GraphNode, 'trainable' | 'init' | 'lrMultiplier'>>): EditResult
  rename(
    doc: GraphDoc,
    next: string,
  ): { ok: true; doc: GraphDoc; path: string } | { ok: false; message: string }
}

function subjectOf(doc: GraphDoc, path: string | undefined): Subject | { message: string } | null {
  if (!path) return null
  const top = doc.nodes.find((n) => n.id === path)
  if (top)
    return {
      path,
      node: top,
      written: top.params ?? {},
      setParam: (d, name, v) => ({ ok: true, doc: setParam(d, path, name, v) }),
      update: (d, patch) => ({ ok: true, doc: updateNode(d, path, patch) }),
      rename: (d, next) => {
        const out = renameNode(d, path, next)
        return out === d && next !== path
          ? { ok: false, message: `The name '${next}' is empty or already used by another node.` }
          : { ok: true, doc: out, path: next }
      },
    }
  if (!path.includes('/')) return null
  const r = resolveInner(doc, path)
  if (!r.ok) return { message: r.message }
  return {
    path,
    node: r.target.resolved,
    written: r.target.node.params ?? {},
    block: r.target.block,
    setParam: (d, name, v) => setInnerParam(d, path, name, v),
    update: (d, patch) => updateInnerNode(d, path, patch),
    rename: (d, next) => renameInner(d, path, next),
  }
}

/** Output shape of a top-level node (the summary) or of an inner layer or block instance (by path). */
function shapeAt(analysis: Analysis, path: string) {
  const top = analysis.summary.get(path)
  if (top) return top.outputShape
  const outs = analysis.flat.blockOutputs.get(path)
  const producer = outs ? Object.values(outs)[0] : path
  return analysis.order.find((n) => n.id === producer)?.outputShape
}

/** The selected node's form, generated from its registry entry; errors shown in place. */
export function Inspector() {
  const { t } = useTranslation()
  const doc = useGraph((s) => s.doc)
  const selected = useGraph((s) => s.selected)
  const analysis = useAnalysis()
  // why the last edit was refused (a name in use, a bound value), until the next edit
  const [refusal, setRefusal] = useState<{ path: string; message: string } | null>(null)
  const subject = subjectOf(doc, selected[0])
  if (!subject) return <aside className="inspector">{t('inspector.empty')}</aside>
  if ('message' in subject)
    return (
      <aside className="inspector" data-testid="inspector">
        <p className="error-text">{subject.message}</p>
      </aside>
    )
  const { node, path } = subject
  const def = getLayer(node.type)
  const blockDef = node.type === 'Block' && node.block ? doc.blocks[node.block] : undefined
  const run = (edit: (d: GraphDoc) => EditResult) => {
    const r = edit(useGraph.getState().doc)
    if (!r.ok) return setRefusal({ path, message: r.message })
    setRefusal(null)
    useGraph.getState().apply(() => r.doc)
  }
  // a field commits on Enter and again on blur: the second commit must not become an undo step
  const setValue = (name: string, v: unknown) => {
    if (JSON.stringify(subject.written[name]) !== JSON.stringify(v)) run((d) => subject.setParam(d, name, v))
  }
  const errors = analysis.errors.filter((e) => e.nodeId === path)
  // layers with weights of their own (a block's initialiser is set on its inner layers)
  const weighted =
    node.type !== 'Block' && (analysis.order.find((n) => n.id === path)?.trainableParams ?? 0) > 0
  const values = { ...(def ? defaultsOf(def.params) : {}), ...(node.params ?? {}) } as Record<string, unknown>
  return (
    <aside className="inspector" data-testid="inspector">
      <h2>
        {t('inspector.title')} · {node.type === 'Block' ? (node.block ?? node.type) : node.type}
      </h2>
      <LayerDocView kind={node.type} testId="inspector-doc" collapsible />
      {subject.block && (
        <p className="block-note" data-testid="block-edit-note">
          {t('blocks.edit.shared', { block: subject.block, count: blockUses(doc, subject.block) })}
        </p>
      )}
      <label className="field">
        <span>{t('inspector.id')}</span>
        <input
          key={path}
          defaultValue={path.split('/').pop()}
          data-testid="rename"
          onBlur={(e) => {
            const next = e.target.value.trim()
            if (next === path.split('/').pop()) return
            const r = subject.rename(useGraph.getState().doc, next)
            if (!r.ok) {
              e.target.value = path.split('/').pop()!
              return setRefusal({ path, message: r.message })
            }
            setRefusal(null)
            useGraph.getState().apply(() => r.doc)
            useGraph.getState().select([r.path])
          }}
        />
      </label>
      <label className="field">
        <span>{t('inspector.trainable')}</span>
        <input
          type="checkbox"
          data-testid="inspector-trainable"
          checked={node.trainable !== false}
          onChange={(e) => run((d) => subject.update(d, { trainable: e.target.checked ? undefined : false }))}
        />
      </label>
      {(weighted || node.type === 'Block') && (
        <LrMultiplierField
          key={path}
          value={node.lrMultiplier}
          onChange={(m) => run((d) => subject.update(d, { lrMultiplier: m }))}
        />
      )}
      {weighted && (
        <InitField
          value={node.init ?? 'default'}
          onChange={(init) => run((d) => subject.update(d, { init: init === 'default' ? undefined : init }))}
        />
      )}
      <div className="field">
        <span>{t('inspector.output')}</span>
        <code data-testid="inspector-shape">{fmtShape(shapeAt(analysis, path))}</code>
      </div>
      {blockDef && (
        <BlockParams
          def={blockDef}
          written={subject.written}
          resolved={node.params ?? {}}
          onChange={setValue}
        />
      )}
      {def &&
        Object.entries(def.params).map(([name, spec]) => {
          const bound = boundTo(subject.written[name])
          return bound ? (
            <BoundField key={name} name={name} value={values[name]} param={bound} />
          ) : (
            <ParamField
              key={name}
              name={name}
              spec={spec}
              value={values[name]}
              error={errors.find((e) => e.field === name)?.message}
              onChange={(v) => setValue(name, v)}
            />
          )
        })}
      {node.type === 'AnchorBoxes' && <AnchorsOf path={path} values={values} analysis={analysis} />}
      {refusal?.path === path && (
        <p className="error-text" data-testid="inspector-refusal">
          {refusal.message}
        </p>
      )}
      {errors
        .filter((e) => !e.field || !(def && Object.hasOwn(def.params, e.field)))
        .map((e, i) => (
          <p key={i} className="error-text">
            {e.message}
          </p>
        ))}
    </aside>
  )
}

/** The anchor preview of an AnchorBoxes node, on the feature map it reads (when its shape is known). */
function AnchorsOf(props: { path: string; values: Record<string, unknown>; analysis: Analysis }) {
  const info = props.analysis.order.find((n) => n.id === props.path)
  const map = info?.inputShapes[0]
  if (!map || map.length !== 3) return null
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [])
  return (
    <AnchorPreview
      h={map[0]}
      w={map[1]}
      sizes={list(props.values.sizes)}
      ratios={list(props.values.ratios)}
    />
  )
}
