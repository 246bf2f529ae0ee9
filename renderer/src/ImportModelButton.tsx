import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { parseGraph } from '../../engine/graph/parse'
import { api } from './api'
import { uploadInChunks } from './data/chunked-upload'
import { useGraph } from './store/graph'
import { useTraining } from './store/training'
import { useUi } from './store/ui'

/** Uploads a browser-picked .onnx into the engine's imported folder; returns its `imported:` path. */
async function upload(file: File): Promise<string> {
  const stem = file.name.replace(/\.onnx$/i, '')
  const name =
    stem
      .replace(/[^\p{L}\p{M}\p{N}_ .-]+/gu, '-')
      .slice(0, 80)
      .replace(/^[.\s]+|[.\s]+$/g, '') || 'model'
  // in chunks: a model is often larger than one request may be
  const folder = await uploadInChunks(api.invoke.bind(api), name, `${name}.onnx`, file)
  return `${folder}/${name}.onnx`
}

/**
 * "Import model…": an ONNX file (native dialog in Electron, upload in a browser) becomes a run
 * whose weights are the model's; its graph opens on the canvas and the next training run starts
 * from those weights, so Inspect, Export and fine-tuning work at once.
 */
export function ImportModelButton() {
  const { t } = useTranslation()
  const input = useRef<HTMLInputElement>(null)
  const [busy, setBusy] = useState(false)
  const notify = (m: string) => useUi.getState().notify(m)
  const importPath = async (path: string) => {
    setBusy(true)
    notify(t('finetune.importing'))
    try {
      const r = await api.invoke('models:import', { path })
      const parsed = parseGraph(r.graph)
      if (!parsed.ok) throw new Error(parsed.errors[0].message)
      useGraph.getState().load(parsed.doc)
      useTraining.getState().setInitFromRun(r.runId)
      notify(
        [
          t('finetune.imported', { nodes: r.nodes, params: r.trainableParams.toLocaleString('en') }),
          ...r.warnings,
        ].join(' '),
      )
    } catch (e) {
      notify((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  const choose = async () => {
    const info = await api.invoke('app:info', {})
    if (!info.canChooseFiles) return input.current!.click()
    const { path } = await api.invoke('files:choose', { purpose: 'onnx' })
    if (path) await importPath(path)
  }
  return (
    <>
      <button data-testid="cmd-import-model" disabled={busy} onClick={() => void choose()}>
        {t('finetune.importModel')}
      </button>
      <input
        ref={input}
        type="file"
        accept=".onnx"
        hidden
        data-testid="import-model-file"
        onChange={(e) => {
          const file = e.target.files?.[0]
          e.target.value = ''
          if (file) void upload(file).then(importPath, (err: Error) => notify(err.message))
        }}
      />
    </>
  )
}
