/**
 * Large presets open readable: no node text drawn below ~9 px at the opening view (the graph's
 * start at a readable zoom, the rest a scroll away), and zoomed out the nodes show their type and
 * shape in large type instead of their details in specks.
 */
import { expect, test, type Page } from '@playwright/test'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('readable')

const zoomOf = (page: Page) =>
  page.locator('.react-flow__viewport').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a)

/** The smallest on-screen font size among the node and edge texts drawn inside the canvas. */
async function smallestText(page: Page) {
  const zoom = await zoomOf(page)
  const canvas = (await page.getByTestId('canvas').boundingBox())!
  const sizes = await page.locator('.layer-node *, .react-flow__edge-text').evaluateAll((els, c) => {
    const out: number[] = []
    for (const el of els) {
      // only elements that draw text of their own, and are drawn
      const own = Array.from(el.childNodes as ArrayLike<Node>).some(
        (n) => n.nodeType === 3 && !!n.textContent!.trim(),
      )
      if (!own || !el.checkVisibility({ visibilityProperty: true })) continue
      const r = el.getBoundingClientRect()
      if (r.right < c.x || r.bottom < c.y || r.left > c.x + c.width || r.top > c.y + c.height) continue
      out.push(parseFloat(getComputedStyle(el).fontSize))
    }
    return out
  }, canvas)
  expect(sizes.length).toBeGreaterThan(3)
  return Math.min(...sizes) * zoom
}

for (const [preset, shot] of [
  ['AlexNet', 'open-alexnet.png'],
  ['UNet++', 'open-unetpp.png'],
] as const)
  test(`${preset} opens with no text below 9 px on screen`, async ({ page }) => {
    await openApp(page, app())
    await page.getByTestId(`preset-${preset}`).click()
    await page.waitForTimeout(600)
    expect(await smallestText(page)).toBeGreaterThanOrEqual(8.99)
    await page.screenshot({ path: path.join(shots, shot) })
  })

test('zoomed out, nodes show type and shape in large type; zoomed in, their details', async ({ page }) => {
  await openApp(page, app())
  await page.getByTestId('preset-AlexNet').click()
  await page.waitForTimeout(600)
  const node = page.locator('.layer-node').filter({ hasText: 'Conv2D' }).first()
  expect(await zoomOf(page)).toBeLessThan(0.75)
  await expect(node.locator('.layer-lod')).toBeVisible()
  await expect(node.locator('.layer-params')).not.toBeVisible()
  for (let i = 0; i < 6 && (await zoomOf(page)) < 0.8; i++) {
    await page.locator('.react-flow__controls-zoomin').click()
    await page.waitForTimeout(350)
  }
  await expect(node.locator('.layer-params')).toBeVisible()
  await expect(node.locator('.layer-lod')).not.toBeVisible()
  expect(await smallestText(page)).toBeGreaterThanOrEqual(8.99)
})
