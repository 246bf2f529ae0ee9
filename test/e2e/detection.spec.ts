import { expect, test } from '@playwright/test'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('detect')

test('detection: boxes with class and score on the validation images, an NMS threshold slider', async ({
  page,
}) => {
  await openApp(page, app())
  await page.getByTestId('preset-TinySSD').click()
  await page.getByTestId('tab-training').click()
  await page.getByTestId('train-limit').fill('80')
  await page.getByTestId('train-epochs').fill('1')
  await page.getByTestId('train-start').click()
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'finished', {
    timeout: 150_000,
  })
  const grid = page.getByTestId('detection-predictions')
  await expect(grid).toBeVisible()
  // 10 % of 80 samples are the validation set, all of them shown with their true boxes
  await expect(grid.getByTestId('detection-sample')).toHaveCount(8)
  expect(await grid.getByTestId('truth-box').count()).toBeGreaterThanOrEqual(8)
  // after one short epoch few boxes are confident: lower the minimum score to see them all
  await page.getByTestId('min-score').fill('0')
  const predicted = grid.getByTestId('predicted-box')
  await expect(predicted.first()).toBeVisible()
  await expect(predicted.first()).toHaveAttribute('data-class', /^(rectangle|disc|triangle)$/)
  await page.getByTestId('nms-threshold').fill('1')
  // a threshold of 1 suppresses nothing: every one of the 40 candidates per image is drawn
  await expect(predicted).toHaveCount(8 * 40)
  await page.getByTestId('nms-threshold').fill('0.3')
  expect(await predicted.count()).toBeLessThan(8 * 40)
  await grid.scrollIntoViewIfNeeded()
  await page.screenshot({ path: path.join(shots, 'detection-boxes.png') })
})

test("detection: an AnchorBoxes node shows one cell's anchors over its feature map", async ({ page }) => {
  await openApp(page, app())
  await page.getByTestId('preset-TinySSD').click()
  await page.getByTestId('node-anc0').click()
  const preview = page.getByTestId('anchor-preview')
  await expect(preview).toBeVisible()
  // the 8×8 map of the first scale, and n + m − 1 = 2 + 3 − 1 anchors per cell
  await expect(preview.getByTestId('anchor-cell')).toHaveCount(64)
  await expect(preview.getByTestId('anchor-box')).toHaveCount(4)
  const x = await preview.getByTestId('anchor-box').first().getAttribute('x')
  await preview.getByTestId('anchor-cell').first().click()
  await expect(preview.getByTestId('anchor-box').first()).not.toHaveAttribute('x', x!)
  await preview.screenshot({ path: path.join(shots, 'detection-anchor-preview.png') })
})
