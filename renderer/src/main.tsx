import '@xyflow/react/dist/style.css'
// the common simplified-Chinese glyphs (one 1.1 MB woff2), loaded only when no system font has them
import '@fontsource/noto-sans-sc/chinese-simplified-400.css'
import './styles.css'
import './i18n'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { listenForCommands } from './commands'
import { startAutosave } from './store/autosave'
import { guardUnload } from './store/project'
import { useUi } from './store/ui'

startAutosave()
guardUnload()
listenForCommands(useUi.getState().notify)
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
