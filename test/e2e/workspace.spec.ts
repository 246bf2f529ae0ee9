/**
 * The tab strip stays where it is whatever tab is open, the bottom panel keeps the size the user
 * dragged it to (across reloads), and full view gives charts the room, the editor one
 * click away.
 */
import { expect, test } from '@playwright/test'
import { openApp, useWebApp } from './web-app'

const app = useWebApp('workspace')
const TABS = ['presets', 'summary', 'data', 'training', 'runs', 'export', 'inspect', 'projects', 'learn']

test('switching tabs never moves the tab strip; the panel remembers its size', async ({ page }) => {
  await openApp(page, app())
  const strip = () => page.getByTestId('tab-presets').boundingBox()
  const at = (await strip())!.y
  for (const tab of TABS) {
    await page.getByTestId(`tab-${tab}`).click()
    expect((await strip())!.y, tab).toBe(at)
  }
  // drag the splitter 100 px up: the panel grows, and is as tall after a reload
  const bar = (await page.getByTestId('splitter').boundingBox())!
  await page.mouse.move(bar.x + 300, bar.y + 4)
  await page.mouse.down()
  await page.mouse.move(bar.x + 300, bar.y - 96, { steps: 5 })
  await page.mouse.up()
  const dragged = (await strip())!.y
  expect(Math.abs(dragged - (at - 100))).toBeLessThan(6)
  await page.reload()
  await expect(page.getByTestId('palette')).toBeVisible()
  expect((await strip())!.y).toBe(dragged)

  // full view: the panel takes the work area, the editor one click away (full-view.spec.ts)
  await page.getByTestId('tab-training').click()
  await page.getByTestId('panel-max').click()
  expect((await strip())!.y).toBeLessThan(150)
  await page.getByTestId('panel-max').click()
  expect((await strip())!.y).toBe(dragged)
})

test('the side panels resize by their inner edge and keep their width', async ({ page }) => {
  await openApp(page, app())
  const inspector = () => page.locator('.app > aside.inspector').boundingBox()
  const palette = () => page.getByTestId('palette').boundingBox()
  const w0 = (await inspector())!.width
  const p0 = (await palette())!.width
  for (const [id, dx] of [
    ['splitter-inspector', -80],
    ['splitter-palette', 60],
  ] as const) {
    const bar = (await page.getByTestId(id).boundingBox())!
    await page.mouse.move(bar.x + 4, bar.y + 200)
    await page.mouse.down()
    await page.mouse.move(bar.x + 4 + dx, bar.y + 200, { steps: 5 })
    await page.mouse.up()
  }
  expect(Math.abs((await inspector())!.width - (w0 + 80))).toBeLessThan(3)
  expect(Math.abs((await palette())!.width - (p0 + 60))).toBeLessThan(3)
  await page.reload()
  await expect(page.getByTestId('palette')).toBeVisible()
  expect(Math.abs((await inspector())!.width - (w0 + 80))).toBeLessThan(3)
  expect(Math.abs((await palette())!.width - (p0 + 60))).toBeLessThan(3)
})
