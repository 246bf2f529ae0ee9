import { expect, test, type Page } from '@playwright/test'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('app')

async function open(page: Page) {
  await openApp(page, app())
}

test('drag a Dense layer onto the canvas, connect it, edit it and see shapes and errors update', async ({
  page,
}) => {
  await open(page)
  await page
    .getByTestId('palette-Flatten')
    .dragTo(page.getByTestId('canvas'), { targetPosition: { x: 150, y: 250 } })
  await page
    .getByTestId('palette-Dense')
    .dragTo(page.getByTestId('canvas'), { targetPosition: { x: 150, y: 380 } })
  await expect(page.getByTestId('node-flatten1')).toBeVisible()
  await expect(page.getByTestId('node-dense1')).toBeVisible()
  // wire in → flatten1 → dense1 by dragging from source handles to target handles
  const connect = async (from: string, to: string) => {
    await page
      .locator(`[data-id="${from}"] .react-flow__handle-bottom`)
      .dragTo(page.locator(`[data-id="${to}"] .react-flow__handle-top`))
  }
  await connect('in', 'flatten1')
  await connect('flatten1', 'dense1')
  await expect(page.getByTestId('shape-dense1')).toContainText('64')
  await page.getByTestId('node-dense1').click()
  const units = page.getByTestId('param-units').locator('input')
  await units.fill('10')
  await units.press('Enter')
  await expect(page.getByTestId('shape-dense1')).toContainText('10')
  await expect(page.getByTestId('shape-flatten1')).toContainText('784')
  // a shape error: zero units is refused and the node shows the engine's message
  await units.fill('0')
  await units.press('Enter')
  await expect(page.getByTestId('error-dense1')).toContainText('units')
  await page.screenshot({ path: path.join(shots, 'canvas-error.png') })
})

test('load LeNet, train a few batches with a live chart, stop, save, reload and reopen', async ({ page }) => {
  await open(page)
  await page.getByTestId('preset-LeNet-5').click()
  await expect(page.getByTestId('node-conv1')).toBeVisible()
  await page.getByTestId('tab-summary').click()
  await expect(page.getByTestId('total-params')).toHaveText('61,706')
  await page.getByTestId('tab-data').click()
  await expect(page.getByTestId('samples').locator('canvas')).toHaveCount(24)
  await expect(page.getByTestId('samples')).toContainText('Sneaker')
  await page.screenshot({ path: path.join(shots, 'data.png') })
  await page.getByTestId('tab-training').click()
  await page.getByTestId('train-start').click()
  const chart = page.getByTestId('loss-chart')
  await expect
    .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 120_000 })
    .toBeGreaterThan(3)
  await expect
    .poll(async () => Number(await page.getByTestId('train-progress').getAttribute('value')))
    .toBeGreaterThan(0)
  await page.screenshot({ path: path.join(shots, 'training.png') })
  await page.getByTestId('train-stop').click()
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'finished', {
    timeout: 30_000,
  })

  await page.getByTestId('tab-export').click()
  await page.getByTestId('export-run').click()
  await expect(page.getByTestId('export-parity')).toContainText('max difference', { timeout: 60_000 })
  await expect(page.getByTestId('export-result')).toContainText('.onnx')
  await page.screenshot({ path: path.join(shots, 'export.png') })

  await page.getByTestId('tab-projects').click()
  await page.getByTestId('project-name').fill('my lenet')
  await page.getByTestId('project-save').click()
  await expect(page.getByTestId('project-note')).toContainText('my lenet')
  await page.evaluate(() => localStorage.clear())
  await page.reload()
  await expect(page.getByTestId('node-conv1')).toHaveCount(0)
  await page.getByTestId('tab-projects').click()
  await page.getByTestId('project-open-my lenet').click()
  await expect(page.getByTestId('node-conv1')).toBeVisible()
  await page.getByTestId('tab-summary').click()
  await expect(page.getByTestId('total-params')).toHaveText('61,706')
})

test('switch the interface to Chinese', async ({ page }) => {
  await open(page)
  await page.getByTestId('language').selectOption('zh-CN')
  await expect(page.getByTestId('palette').locator('h2')).toHaveText('层')
  await expect(page.getByTestId('tab-training')).toHaveText('训练')
  await page.screenshot({ path: path.join(shots, 'chinese.png') })
})

test('the engine socket refuses connections without the launch token', async ({ page }) => {
  await open(page)
  const result = await page.evaluate(
    (url) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url)
        ws.onopen = () => resolve('open')
        ws.onerror = () => resolve('refused')
      }),
    app()
      .url.replace('http', 'ws')
      .replace(/\/\?token=.*/, '/ws?token=wrong'),
  )
  expect(result).toBe('refused')
})
