/**
 * Full view: Training, Runs and Inspect take the whole work area with charts grown to fill it,
 * the tab strip stays put while switching tabs there, the editor comes back with one click or
 * Esc, and a reload reopens the workspace as it was left.
 */
import { expect, test, type Page } from '@playwright/test'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('full-view')
const WIDTH = 1280
const HEIGHT = 800

/** The drawn size of the ECharts canvas inside a chart's box (it follows the box on resize). */
const drawn = async (page: Page, testId: string) =>
  (await page.getByTestId(testId).locator('canvas').first().boundingBox())!
const stripY = async (page: Page) => (await page.getByTestId('tab-training').boundingBox())!.y

test('Training, Runs and Inspect in full view; back with the button or Esc; remembered', async ({ page }) => {
  await openApp(page, app())
  await page.getByTestId('preset-XOR MLP').click()
  await page.getByTestId('tab-training').click()
  await page.getByTestId('train-start').click()
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'finished', {
    timeout: 120_000,
  })
  const editorStrip = await stripY(page)
  const small = await drawn(page, 'loss-chart')
  await expect(page.getByTestId('canvas')).toBeVisible()

  // full view: no editor, the chart as wide as the window and far taller than in the editor
  await page.getByTestId('panel-max').click()
  await expect(page.getByTestId('canvas')).toBeHidden()
  await expect(page.getByTestId('palette')).toBeHidden()
  await expect(page.getByTestId('panel-max')).toHaveAttribute('aria-pressed', 'true')
  await expect.poll(async () => (await drawn(page, 'loss-chart')).height).toBeGreaterThan(small.height * 2)
  const big = await drawn(page, 'loss-chart')
  expect(big.width).toBeGreaterThan(WIDTH * 0.8)
  expect(big.height).toBeGreaterThan(HEIGHT * 0.5)
  const top = await stripY(page)
  expect(top).toBeLessThan(60)
  await page.screenshot({ path: path.join(shots, 'full-view-training.png') })

  // back to the editor with the button: the canvas and the strip where they were
  await page.getByTestId('panel-max').click()
  await expect(page.getByTestId('canvas')).toBeVisible()
  expect(await stripY(page)).toBe(editorStrip)
  await expect.poll(async () => (await drawn(page, 'loss-chart')).height).toBeLessThan(small.height + 2)

  // Runs: the keyboard way in; the strip does not move between full-view tabs
  await page.getByTestId('tab-runs').click()
  await page.getByTestId('run-pick').first().check()
  const runsSmall = await drawn(page, 'compare-loss')
  await page.getByTestId('runs').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('Control+Shift+F')
  await expect(page.getByTestId('canvas')).toBeHidden()
  expect(await stripY(page)).toBe(top)
  await expect
    .poll(async () => (await drawn(page, 'compare-loss')).height)
    .toBeGreaterThan(runsSmall.height * 1.5)
  expect((await drawn(page, 'compare-loss')).width).toBeGreaterThan(WIDTH * 0.4)

  // Inspect stays in full view, its histograms grown too
  await page.getByTestId('tab-inspect').click()
  expect(await stripY(page)).toBe(top)
  await expect(page.getByTestId('inspect-histograms')).toBeVisible({ timeout: 30_000 })
  const histogram = page.locator('.inspect-chart').first()
  await expect.poll(async () => (await histogram.boundingBox())!.height).toBeGreaterThan(250)

  // a reload reopens full view on Inspect
  await page.reload()
  await expect(page.getByTestId('inspect')).toBeVisible()
  await expect(page.getByTestId('tab-inspect')).toHaveClass(/active/)
  await expect(page.getByTestId('canvas')).toBeHidden()
  expect(await stripY(page)).toBe(top)

  // Esc brings the editor back, and a reload keeps it
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('canvas')).toBeVisible()
  await expect(page.getByTestId('palette')).toBeVisible()
  await expect(page.getByTestId('panel-max')).toHaveAttribute('aria-pressed', 'false')
  await page.reload()
  await expect(page.getByTestId('palette')).toBeVisible()
  await expect(page.getByTestId('canvas')).toBeVisible()
  expect(await stripY(page)).toBe(editorStrip)
})

test('full view in Chinese: the switch and its hint are translated', async ({ page }) => {
  await openApp(page, app())
  await page.getByTestId('language').selectOption('zh-CN')
  const button = page.getByTestId('panel-max')
  await expect(button).toHaveText('全屏视图 ⤢')
  await button.click()
  await expect(button).toHaveText('← 返回编辑器')
  await expect(button).toHaveAttribute('title', /Esc/)
  await button.press('Enter')
  await expect(button).toHaveText('全屏视图 ⤢')
})
