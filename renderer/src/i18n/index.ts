import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en } from './en'
import * as augmentCourse from './parts/augment-course'
import * as blocks from './parts/blocks'
import * as detect from './parts/detect'
import * as files from './parts/files'
import * as finetune from './parts/finetune'
import * as generateText from './parts/generate-text'
import * as folds from './parts/folds'
import * as inspect from './parts/inspect'
import * as learn from './parts/learn'
import * as learnCourse from './parts/learn-course'
import * as memory from './parts/memory'
import * as presetsView from './parts/presets-view'
import * as reveal from './parts/reveal'
import * as schedule from './parts/schedule'
import * as shell from './parts/shell'
import * as style from './parts/style'
import * as textData from './parts/text-data'
import * as trainingExtras from './parts/training-extras'
import * as workspace from './parts/workspace'
import { zh } from './zh'

// Each feature keeps its messages in its own part file (under distinct top-level keys) so
// features can grow without editing one shared catalogue.
const parts = [
  augmentCourse,
  blocks,
  detect,
  files,
  finetune,
  generateText,
  folds,
  inspect,
  learn,
  learnCourse,
  memory,
  presetsView,
  reveal,
  schedule,
  shell,
  style,
  textData,
  trainingExtras,
  workspace,
]
const merged = (base: object, lang: 'en' | 'zh') => Object.assign({}, base, ...parts.map((p) => p[lang]))

const saved = localStorage.getItem('deepwire.lang')
// follow the system language unless the user picked one
const lng = saved ?? (navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en')

void i18next.use(initReactI18next).init({
  resources: { en: { translation: merged(en, 'en') }, 'zh-CN': { translation: merged(zh, 'zh') } },
  lng,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
})

export function setLanguage(l: 'en' | 'zh-CN') {
  localStorage.setItem('deepwire.lang', l)
  void i18next.changeLanguage(l)
}

export default i18next
