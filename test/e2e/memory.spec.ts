/**
 * A run that cannot fit in memory is refused before Train is pressed, in numbers, with the
 * largest batch that fits one click away (the engine's own estimate and budget).
 */
import { expect, test, type Page } from '@playwright/test'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('memory')

async function expectRefusedThenFixed(page: Page, shot: string) {
  const refusal = page.getByTestId('memory-refusal')
  await expect(refusal).toContainText(/needs about [\d.]+ GiB .* but wasm may use [\d.]+ GiB/)
  await page.screenshot({ path: path.join(shots, shot) })
  await expect(page.getByTestId('train-start')).toBeDisabled()
  const n = Number((await refusal.innerText()).match(/largest batch that fits is (\d+)/)![1])
  expect(n).toBeGreaterThanOrEqual(1)
  await page.getByTestId('use-batch').click()
  await expect(page.getByTestId('train-batch-size')).toHaveValue(String(n))
  await expect(refusal).toHaveCount(0)
  await expect(page.getByTestId('train-start')).toBeEnabled()
  // one more sample per batch does not fit: the offered batch is the largest
  await page.getByTestId('train-batch-size').fill(String(n + 1))
  await expect(refusal).toBeVisible()
}

test('300,000 hidden units on the CPU backend: refused with the estimate and a batch that fits', async ({
  page,
}) => {
  await openApp(page, app())
  await page.getByTestId('preset-MLP 784-256-10').click()
  await page.getByTestId('node-hidden').click()
  const units = page.getByTestId('param-units').locator('input')
  await units.fill('300000')
  await units.press('Enter')
  await page.getByTestId('tab-training').click()
  await page.getByTestId('train-device').selectOption('cpu')
  await expectRefusedThenFixed(page, 'memory-refusal.png')
})

test('AlexNet at its default batch on wasm: one click to a batch that fits', async ({ page }) => {
  await openApp(page, app())
  await page.getByTestId('preset-AlexNet').click()
  await page.getByTestId('tab-training').click()
  await page.getByTestId('train-device').selectOption('cpu')
  await expectRefusedThenFixed(page, 'memory-refusal-alexnet.png')
})
