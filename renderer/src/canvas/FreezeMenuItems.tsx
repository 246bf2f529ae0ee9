import { useTranslation } from 'react-i18next'
import { freezeBefore } from '../../../engine/graph/finetune'
import { useGraph } from '../store/graph'

/**
 * Fine-tuning's canvas commands: freeze every node upstream of the one right-clicked (one undo
 * step), and unfreeze them all. Top-level nodes only: inside an open block, freezing is per node
 * in the inspector.
 */
export function FreezeMenuItems(props: { node?: string; run(f: () => void): () => void }) {
  const { t } = useTranslation()
  const anyFrozen = useGraph((s) => s.doc.nodes.some((n) => n.trainable === false))
  const { node } = props
  const top = node !== undefined && !node.includes('/')
  return (
    <>
      {top && (
        <button
          role="menuitem"
          data-testid="menu-freeze-before"
          onClick={props.run(() => useGraph.getState().apply((d) => freezeBefore(d, node).doc))}
        >
          {t('finetune.freezeBefore')}
        </button>
      )}
      {anyFrozen && (
        <button
          role="menuitem"
          data-testid="menu-unfreeze-all"
          onClick={props.run(() =>
            useGraph.getState().apply((d) => ({
              ...d,
              nodes: d.nodes.map((n) => (n.trainable === false ? { ...n, trainable: undefined } : n)),
            })),
          )}
        >
          {t('finetune.unfreezeAll')}
        </button>
      )}
    </>
  )
}
