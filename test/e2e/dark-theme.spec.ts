/**
 * The dark theme reaches what CSS alone does not: React Flow's minimap and zoom buttons, and the
 * charts ECharts paints on a canvas.
 */
import { expect, test, type Locator, type Page } from '@playwright/test'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('dark')

/** Relative luminance (WCAG) of a CSS colour as the browser computes it. */
async function luminance(page: Page, css: string) {
  return page.evaluate((c) => {
    const [r, g, b] = c
      .match(/[\d.]+/g)!
      .slice(0, 3)
      .map(Number)
    const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
  }, css)
}
const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)
const style = (l: Locator, prop: string) =>
  l.evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), prop)

/**
 * How many pixel rows of a chart's canvas are mostly bright (luminance above 0.6 over a third of
 * the row): a light grid line across a dark chart is one; the x axis's own line may be one more.
 */
async function brightRows(chart: Locator) {
  return chart
    .locator('canvas')
    .first()
    .evaluate((c: HTMLCanvasElement) => {
      const { width, height } = c
      const px = c.getContext('2d')!.getImageData(0, 0, width, height).data
      let rows = 0
      for (let y = 0; y < height; y++) {
        let bright = 0
        for (let x = 0; x < width; x++) {
          const i = (y * width + x) * 4
          if (px[i + 3] > 128 && 0.2126 * px[i] + 0.7152 * px[i + 1] + 0.0722 * px[i + 2] > 153) bright++
        }
        if (bright / width > 1 / 3) rows++
      }
      return rows
    })
}

test('dark theme: minimap, zoom buttons and chart grid lines are dark and visible', async ({ page }) => {
  await openApp(page, app())
  await page.getByTestId('preset-MLP 784-256-10').click()
  await page.getByTestId('theme').selectOption('dark')
  const bg = await luminance(page, await style(page.locator('body'), 'background-color'))
  expect(bg).toBeLessThan(0.05)

  const minimap = page.locator('.react-flow__minimap')
  await expect(minimap).toBeVisible()
  expect(await luminance(page, await style(minimap, 'background-color'))).toBeLessThan(0.05)

  // every zoom button's icon stands out from its own background
  const buttons = page.locator('.react-flow__controls-button')
  expect(await buttons.count()).toBeGreaterThanOrEqual(3)
  for (const b of await buttons.all()) {
    const back = await luminance(page, await style(b, 'background-color'))
    const icon = await luminance(page, await style(b.locator('svg'), 'fill'))
    expect(back).toBeLessThan(0.05)
    expect(contrast(back, icon)).toBeGreaterThan(4.5)
  }
  // edges stay visible on the dark canvas
  const edge = page.locator('.react-flow__edge-path').first()
  expect(contrast(bg, await luminance(page, await style(edge, 'stroke')))).toBeGreaterThan(3)

  await page.getByTestId('tab-learn').click()
  await page.getByTestId('lesson-poly').click()
  const chart = page.getByTestId('poly-capacity')
  await expect(chart.locator('canvas').first()).toBeVisible()
  await page.waitForTimeout(500)
  await page.screenshot({ path: path.join(shots, 'dark-theme.png') })
  // the split lines are dim; the axis line (one or two device pixels) may stay light
  expect(await brightRows(chart)).toBeLessThanOrEqual(2)

  // back to light: the canvas follows
  await page.getByTestId('theme').selectOption('light')
  expect(await luminance(page, await style(minimap, 'background-color'))).toBeGreaterThan(0.8)
})
