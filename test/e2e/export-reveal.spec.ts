/**
 * The desktop app's export result: Open and Show in folder instead of download links. Electron
 * itself cannot run here, so the page gets a bridge shaped like the preload's `window.api` that
 * carries every request to the real engine over web mode's socket, and stands in for the main
 * process only for `files:reveal` (the shell call; its checks are unit-tested in
 * export-reveal.test.ts), recording what the page asked to show.
 */
import { expect, test } from '@playwright/test'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

let dataDir = ''
const app = useWebApp('export-reveal', (dir) => void (dataDir = dir))

test('a desktop export offers Open and Show in folder for what it wrote, not downloads', async ({ page }) => {
  await page.addInitScript(() => {
    const token = new URLSearchParams(location.search).get('token') ?? ''
    const ws = new WebSocket(`ws://${location.host}/ws?token=${token}`)
    const open = new Promise((resolve) => ws.addEventListener('open', resolve, { once: true }))
    const pending = new Map<number, [(v: unknown) => void, (e: Error) => void]>()
    const listeners = new Map<string, Set<(p: unknown) => void>>()
    const w = window as unknown as { revealed: unknown[]; api: unknown }
    w.revealed = []
    let next = 1
    ws.addEventListener('message', (m) => {
      const msg = JSON.parse(String(m.data))
      if (msg.push) return listeners.get(msg.push)?.forEach((l) => l(msg.payload))
      const p = pending.get(msg.id)
      pending.delete(msg.id)
      if (msg.error) p?.[1](new Error(msg.error))
      else p?.[0](msg.result)
    })
    w.api = {
      async invoke(channel: string, args: unknown) {
        if (channel === 'files:reveal') {
          w.revealed.push(args)
          return { ok: true }
        }
        await open
        const id = next++
        return new Promise((resolve, reject) => {
          pending.set(id, [resolve, reject])
          ws.send(JSON.stringify({ id, channel, args }))
        })
      },
      on(channel: string, listener: (p: unknown) => void) {
        const set = listeners.get(channel) ?? new Set()
        set.add(listener)
        listeners.set(channel, set)
        return () => set.delete(listener)
      },
    }
  })
  await openApp(page, app())
  await page.getByTestId('preset-XOR MLP').click()
  await page.getByTestId('tab-export').click()
  await page.getByTestId('export-format').selectOption('tfjs')
  await page.getByTestId('export-run').click()
  await expect(page.getByTestId('export-reveal')).toBeVisible({ timeout: 120_000 })
  await expect(page.getByTestId('export-downloads')).toHaveCount(0)
  const shows = page.getByTestId('export-show')
  // the export's folder, then each file in it
  expect(await shows.count()).toBeGreaterThan(2)
  await page.getByTestId('export-open').click()
  await shows.nth(1).click()
  await page.keyboard.press('Tab')
  await page.screenshot({ path: path.join(shots, 'export-desktop.png') })
  const asked = (await page.evaluate(() => (window as unknown as { revealed: unknown[] }).revealed)) as {
    file: string
    action: string
  }[]
  expect(asked.map((a) => a.action)).toEqual(['open', 'show'])
  const [folder, file] = asked.map((a) => a.file)
  expect(folder).not.toContain('/')
  expect(file.startsWith(`${folder}/`)).toBe(true)
  // the names are the files the engine wrote, under its exports folder
  expect(existsSync(path.join(dataDir, 'exports', folder))).toBe(true)
  expect(existsSync(path.join(dataDir, 'exports', file))).toBe(true)
})
