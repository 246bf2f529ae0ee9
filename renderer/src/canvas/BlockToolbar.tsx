import { useReactFlow } from '@xyflow/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FreezeMenuItems } from './FreezeMenuItems'
import { groupIntoBlock, instancePaths, ungroupBlock } from '../store/block-ops'
import { useBlockView, useGraph } from '../store/graph'

/** Fit margins that keep what is opened clear of this toolbar (top left of the canvas). */
export const BELOW_TOOLBAR = { top: '60px', bottom: '20px', x: '20px' } as const

/** A block name not used yet: block1, block2 … */
function freshBlockName(blocks: Record<string, unknown>): string {
  for (let i = 1; ; i++) if (!blocks[`block${i}`]) return `block${i}`
}

/** Ungroups every selected block instance as one undoable edit; says so when none is selected. */
export function ungroupSelection(noBlockMessage: string) {
  const { doc, selected, apply, select } = useGraph.getState()
  const { setMessage } = useBlockView.getState()
  const targets = doc.nodes.filter((n) => n.type === 'Block' && selected.includes(n.id)).map((n) => n.id)
  if (!targets.length) return setMessage(noBlockMessage)
  let next = doc
  const ids: string[] = []
  for (const id of targets) {
    const r = ungroupBlock(next, id)
    if (!r.ok) return setMessage(r.message)
    next = r.doc
    ids.push(...r.ids)
  }
  apply(() => next)
  select(ids)
  setMessage(null)
}

/** Asks for the new block's name (mounted afresh each time, with a free name filled in). */
function NameForm() {
  const { t } = useTranslation()
  const view = useBlockView.getState()
  const [name, setName] = useState(() => freshBlockName(useGraph.getState().doc.blocks))
  const group = () => {
    const { doc, selected, apply, select } = useGraph.getState()
    const r = groupIntoBlock(doc, selected, name.trim())
    if (!r.ok) return view.setMessage(r.message)
    apply(() => r.doc)
    select([r.id])
    view.setNaming(false)
    view.setMessage(null)
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        group()
      }}
    >
      <label>
        {t('blocks.name')}{' '}
        <input
          autoFocus
          data-testid="block-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          onFocus={(e) => e.target.select()}
          onKeyDown={(e) => e.key === 'Escape' && view.setNaming(false)}
        />
      </label>{' '}
      <button type="submit" data-testid="block-create">
        {t('blocks.create')}
      </button>{' '}
      <button type="button" onClick={() => view.setNaming(false)}>
        {t('blocks.cancel')}
      </button>
    </form>
  )
}

/** Group / ungroup / expand-all commands over the canvas, with the name prompt and refusals. */
export function BlockToolbar() {
  const { t } = useTranslation()
  const naming = useBlockView((s) => s.naming)
  const message = useBlockView((s) => s.message)
  const view = useBlockView.getState()
  const rf = useReactFlow()
  return (
    <div className="block-toolbar" data-testid="block-toolbar" title={t('blocks.shortcuts')}>
      {naming ? (
        <NameForm />
      ) : (
        <>
          <button data-testid="block-group" onClick={() => view.setNaming(true)}>
            {t('blocks.group')}
          </button>
          <button data-testid="block-ungroup" onClick={() => ungroupSelection(t('blocks.pickBlock'))}>
            {t('blocks.ungroup')}
          </button>
          <button
            data-testid="block-expand-all"
            onClick={() => {
              view.setExpanded(instancePaths(useGraph.getState().doc))
              setTimeout(() => void rf.fitView({ padding: BELOW_TOOLBAR, maxZoom: 1 }), 60)
            }}
          >
            {t('blocks.expandAll')}
          </button>
          <button data-testid="block-collapse-all" onClick={() => view.setExpanded([])}>
            {t('blocks.collapseAll')}
          </button>
        </>
      )}
      {message && (
        <p className="error-text" data-testid="block-message">
          {message}
        </p>
      )}
    </div>
  )
}

/** The block commands as a context menu at (x, y) in the canvas; `node` is the one right-clicked. */
export function BlockMenu(props: { x: number; y: number; node?: string; onClose(): void }) {
  const { t } = useTranslation()
  const view = useBlockView.getState()
  const doc = useGraph((s) => s.doc)
  const expanded = useBlockView((s) => s.expanded)
  const isBlock =
    props.node !== undefined &&
    (props.node.includes('/') || doc.nodes.find((n) => n.id === props.node)?.type === 'Block')
  const run = (f: () => void) => () => {
    f()
    props.onClose()
  }
  return (
    <div className="block-menu" style={{ left: props.x, top: props.y }} data-testid="block-menu" role="menu">
      <button role="menuitem" onClick={run(() => view.setNaming(true))}>
        {t('blocks.group')}
      </button>
      <button role="menuitem" onClick={run(() => ungroupSelection(t('blocks.pickBlock')))}>
        {t('blocks.ungroup')}
      </button>
      {isBlock && (
        <button role="menuitem" onClick={run(() => view.toggle(props.node!))}>
          {expanded.has(props.node!) ? t('blocks.collapse') : t('blocks.expand')}
        </button>
      )}
      <FreezeMenuItems node={props.node} run={run} />
    </div>
  )
}
