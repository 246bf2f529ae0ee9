import { expect, test, type Page } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startWebServer, type WebServer } from '../../engine/node/server'

export const shots = path.resolve('.cache/screenshots')

/**
 * Web mode for one spec file: started before its tests with a data folder of its own (which
 * `prepare` may fill first), closed after them. Returns a getter for the running server.
 */
export function useWebApp(name: string, prepare?: (dataDir: string) => void): () => WebServer {
  let server: WebServer | undefined
  test.beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), `dw-e2e-${name}-`))
    prepare?.(dataDir)
    server = await startWebServer({ staticDir: 'out/renderer', dataDir })
  })
  test.afterAll(async () => server?.close())
  return () => server!
}

/** Opens the app on a fresh page: no autosave or settings left by an earlier test. */
export async function openApp(page: Page, server: WebServer) {
  await page.goto(server.url)
  await page.evaluate(() => localStorage.clear())
  await page.goto(server.url)
  await expect(page.getByTestId('palette')).toBeVisible()
}
