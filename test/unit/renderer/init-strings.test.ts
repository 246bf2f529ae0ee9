import { describe, expect, it } from 'vitest'
import { INITIALIZERS } from '../../../engine/layers/types'
import { en } from '../../../renderer/src/i18n/en'
import { zh } from '../../../renderer/src/i18n/zh'

describe('the inspector explains every initialiser', () => {
  for (const [lang, strings] of Object.entries({ en, zh }))
    it(lang, () => {
      const init = strings.inspector.init as { names: Record<string, string>; about: Record<string, string> }
      for (const name of INITIALIZERS) {
        expect(init.names[name], `${lang} name of ${name}`).toBeTruthy()
        expect(init.about[name], `${lang} explanation of ${name}`).toMatch(/.{30,}/)
      }
      expect(init.about['torch-default']).toContain('1/√fan_in')
    })
})
