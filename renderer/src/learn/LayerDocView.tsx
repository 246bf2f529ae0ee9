import './learn.css'
import { useTranslation } from 'react-i18next'
import { getLayer } from '../../../engine/layers'
import { Tex } from './Tex'

/**
 * A layer's formula and explanation in the UI language, as written in its registry entry. In the
 * inspector it can be folded away, since it sits above the parameters being edited.
 */
export function LayerDocView(props: { kind: string; testId: string; collapsible?: boolean }) {
  const { t, i18n } = useTranslation()
  const doc = getLayer(props.kind)?.doc
  if (!doc) return null
  const body = (
    <>
      <Tex src={doc.formula} display testId={`${props.testId}-formula`} />
      <p>{i18n.language.startsWith('zh') ? doc.zh : doc.en}</p>
    </>
  )
  return props.collapsible ? (
    <details className="layer-doc" data-testid={props.testId} open>
      <summary className="layer-doc-title">{t('learn.doc.formula')}</summary>
      {body}
    </details>
  ) : (
    <div className="layer-doc" data-testid={props.testId}>
      <div className="layer-doc-title">{t('learn.doc.formula')}</div>
      {body}
    </div>
  )
}
