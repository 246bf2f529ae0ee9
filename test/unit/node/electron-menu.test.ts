import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { APP_COMMANDS, FILE_PURPOSES, type AppCommand } from '../../../engine/app-contract'
import { dialogOptions } from '../../../electron/main/dialogs'
import { menuTemplate } from '../../../electron/main/menu'

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? items(i.submenu) : [])])
}

describe('desktop menu', () => {
  it('offers every app command once, and each item sends its command', () => {
    const sent: [AppCommand, string?][] = []
    const all = items(
      menuTemplate((c, n) => sent.push([c, n]), { lang: 'en', mac: false, recent: ['lenet', 'mlp'] }),
    )
    for (const i of all) (i.click as (() => void) | undefined)?.()
    const commands = sent.map(([c]) => c)
    for (const c of APP_COMMANDS) expect(commands, c).toContain(c)
    expect(sent.filter(([c]) => c === 'open-recent')).toEqual([
      ['open-recent', 'lenet'],
      ['open-recent', 'mlp'],
    ])
    expect(new Set(commands.filter((c) => c !== 'open-recent')).size).toBe(APP_COMMANDS.length - 1)
    expect(all.find((i) => i.label === 'Save project')?.accelerator).toBe('CmdOrCtrl+S')
  })

  it('speaks Chinese for a Chinese system and disables an empty recent list', () => {
    const all = items(menuTemplate(() => {}, { lang: 'zh', mac: true, recent: [] }))
    expect(all.map((i) => i.label)).toContain('保存项目')
    expect(all.find((i) => i.label === '最近的项目')?.enabled).toBe(false)
    expect(all[0].role).toBe('appMenu')
  })

  it('has a native dialog setting for every kind of user file', () => {
    for (const p of FILE_PURPOSES) {
      const o = dialogOptions(p)
      const folder = p === 'images' || p === 'masks'
      expect(o.properties, p).toEqual([folder ? 'openDirectory' : 'openFile'])
    }
  })
})
