import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en } from './en'
import { zh } from './zh'

const saved = localStorage.getItem('deepwire.lang')
// follow the system language unless the user picked one
const lng = saved ?? (navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en')

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zh } },
  lng,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
})

export function setLanguage(l: 'en' | 'zh-CN') {
  localStorage.setItem('deepwire.lang', l)
  void i18next.changeLanguage(l)
}

export default i18next
