/**
 * The Presets gallery's course/quick switch on the shipped presets: each view keeps the right
 * cards, every quick variant that names a course section has a course-settings preset beside it,
 * and the switch's words exist in both languages.
 */
import { describe, expect, it } from 'vitest'
import { listPresets } from '../../../engine/node/presets'
import { en, zh } from '../../../renderer/src/i18n/parts/presets-view'
import { PRESET_VIEWS, presetsInView } from '../../../renderer/src/panels/preset-filter'

const files = (l: { file: string }[]) => l.map((p) => p.file.replace(/^presets\//, '').replace('.json', ''))

describe('the preset gallery switch', () => {
  it('course settings: the course-setting presets, in course-section order', async () => {
    const list = await listPresets()
    const course = files(presetsInView(list, 'course'))
    expect(course).toEqual(
      expect.arrayContaining([
        'rnn-course',
        'gru-course',
        'lstm-course',
        'vgg11-course',
        'mlp-course',
        'lenet',
      ]),
    )
    expect(course).not.toContain('rnn-char')
    expect(course).not.toContain('mlp')
    // sections ascend: 3.7 softmax regression first, the recurrent chapter after the CNNs
    expect(course[0]).toBe('softmax-regression')
    expect(course.indexOf('lenet')).toBeLessThan(course.indexOf('rnn-course'))
    expect(course.indexOf('vgg11-course')).toBeLessThan(course.indexOf('bn-lenet'))
  })

  it('quick: the fast variants and everything that claims no course settings', async () => {
    const list = await listPresets()
    const quick = files(presetsInView(list, 'quick'))
    expect(quick).toEqual(expect.arrayContaining(['rnn-char', 'gru-char', 'lstm-char', 'mlp', 'xor']))
    expect(quick).not.toContain('rnn-course')
    expect(presetsInView(list, 'all')).toHaveLength(list.length)
    expect(presetsInView(list, 'course').length + quick.length).toBe(list.length)
  })

  it('every quick variant with a course section has a course-settings preset for that section', async () => {
    const list = await listPresets()
    const courseSections = new Set(list.filter((p) => p.settings === 'course').map((p) => p.courseSection))
    for (const p of list.filter((q) => q.settings === 'quick' && q.courseSection))
      expect(courseSections.has(p.courseSection), `${p.file} (§${p.courseSection})`).toBe(true)
  })

  it('labels each view in English and Chinese', () => {
    for (const v of PRESET_VIEWS) {
      expect(en.presetView[v]).toBeTruthy()
      expect(zh.presetView[v]).toBeTruthy()
    }
    expect(Object.keys(zh.presetView).sort()).toEqual(Object.keys(en.presetView).sort())
  })
})
