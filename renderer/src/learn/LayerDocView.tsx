import './learn.css'
import { useTranslation } from 'react-i18next'
import { getLayer } from '../../../engine/layers'
import { Tex } from './Tex'

/** A layer's formula and explanation in the UI language, as written in its registry entry. */
export function LayerDocView(props: { kind: string; testId: string }) {
  const { t, i18n } = useTranslation()
  const doc = getLayer(props.kind)?.doc
  if (!doc) return null
  return (
    <div className="layer-doc" data-testid={props.testId}>
      <div className="layer-doc-title">{t('learn.doc.formula')}</div>
      <Tex src={doc.formula} display testId={`${props.testId}-formula`} />
      <p>{i18n.language.startsWith('zh') ? doc.zh : doc.en}</p>
    </div>
  )
}
