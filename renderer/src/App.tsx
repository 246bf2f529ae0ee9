import { ReactFlowProvider } from '@xyflow/react'
import { useTranslation } from 'react-i18next'
import { Canvas } from './canvas/Canvas'
import { FullViewButton } from './FullView'
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
  const fullView = usePanel((s) => s.fullView)
  // a tab name remembered by an older version falls back to the first tab
  const Panel = TABS[tab] ?? TABS.presets
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
      <div className={fullView ? 'app full-view' : 'app'} data-full-view={fullView}>
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
            <FullViewButton />
          </nav>
          <Panel />
        </section>
      </div>
    </ReactFlowProvider>
  )
}
