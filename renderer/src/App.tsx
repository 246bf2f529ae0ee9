import { ReactFlowProvider } from '@xyflow/react'
import { useTranslation } from 'react-i18next'
import { Canvas } from './canvas/Canvas'
import { Data } from './panels/Data'
import { Export } from './panels/Export'
import { Inspect } from './panels/Inspect'
import { Inspector } from './panels/Inspector'
import { Learn } from './panels/Learn'
import { Palette } from './panels/Palette'
import { Presets } from './panels/Presets'
import { Projects } from './panels/Projects'
import { Runs } from './panels/Runs'
import { Style } from './panels/Style'
import { Summary } from './panels/Summary'
import { Training } from './panels/Training'
import { RecoveryPrompt } from './RecoveryPrompt'
import { SideSplitter } from './SideSplitter'
import { Splitter } from './Splitter'
import { usePanel } from './store/panel'
import { useUi } from './store/ui'
import { TopBar } from './TopBar'

const TABS = {
  presets: Presets,
  summary: Summary,
  data: Data,
  training: Training,
  runs: Runs,
  export: Export,
  inspect: Inspect,
  style: Style,
  projects: Projects,
  learn: Learn,
} as const
type Tab = keyof typeof TABS

export function App() {
  const { t } = useTranslation()
  const tab = useUi((s) => s.tab) as Tab
  const setTab = useUi((s) => s.setTab)
  const { maximised, toggleMax } = usePanel()
  const Panel = TABS[tab]
  const titles: Record<Tab, string> = {
    presets: t('presets.title'),
    summary: t('summary.title'),
    data: t('data.title'),
    training: t('training.title'),
    runs: t('trainExtras.runs.title'),
    export: t('export.title'),
    inspect: t('inspect.title'),
    style: t('style.title'),
    projects: t('projects.save') + ' / ' + t('projects.open'),
    learn: t('learn.title'),
  }
  return (
    <ReactFlowProvider>
      <div className="app">
        <TopBar />
        <RecoveryPrompt />
        <Palette />
        <Canvas />
        <Inspector />
        <SideSplitter side="palette" />
        <SideSplitter side="inspector" />
        <section className="bottom">
          <Splitter />
          <nav>
            {(Object.keys(TABS) as Tab[]).map((k) => (
              <button
                key={k}
                className={k === tab ? 'active' : ''}
                data-testid={`tab-${k}`}
                onClick={() => setTab(k)}
              >
                {titles[k]}
              </button>
            ))}
            <span className="spacer" />
            <button
              data-testid="panel-max"
              aria-pressed={maximised}
              title={maximised ? t('panel.restore') : t('panel.maximise')}
              onClick={toggleMax}
            >
              {maximised ? t('panel.restore') : t('panel.maximise')}
            </button>
          </nav>
          <Panel />
        </section>
      </div>
    </ReactFlowProvider>
  )
}
