import { expect, test } from '@playwright/test'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('style')

test('style transfer: an uploaded style picture on the FCN preset, the preview updating, the PNG downloadable', async ({
  page,
}) => {
  await openApp(page, app())
  // the FCN preset takes RGB pictures; without a run it keeps its initial weights, which the view says
  await page.getByTestId('preset-FCN').click()
  await page.getByTestId('tab-style').click()
  await page.getByTestId('style-style-upload').setInputFiles(path.resolve('resources/stylize/swirls.png'))
  await expect(page.getByTestId('style-style-image')).toHaveValue(/^imported:swirls\/swirls\.png$/)
  await page.getByTestId('style-steps').fill('20')
  await page.getByTestId('style-size').fill('32')
  await page.getByTestId('style-previewEvery').fill('5')
  // every step the preview shows, as the page draws it (a short run can outpace any polling)
  await page.evaluate(() => {
    const seen: string[] = []
    ;(window as unknown as { previewSteps: string[] }).previewSteps = seen
    new MutationObserver(() => {
      const step = document.querySelector('[data-testid="style-preview"]')?.getAttribute('data-step')
      if (step && seen.at(-1) !== step) seen.push(step)
    }).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-step'],
    })
  })
  await page.getByTestId('style-start').click()

  const preview = page.getByTestId('style-preview')
  await expect(page.getByTestId('style-result')).toBeVisible({ timeout: 50_000 })
  await expect(page.getByTestId('style-network')).toContainText('initial random weights')
  // the same picture is redrawn as the steps go on: 20 steps, a preview every 5
  expect(await page.evaluate(() => (window as unknown as { previewSteps: string[] }).previewSteps)).toEqual([
    '5',
    '10',
    '15',
    '20',
  ])
  await expect(preview).toHaveAttribute('data-step', '20')
  await expect(preview).toHaveAttribute('data-count', '4')
  await expect(page.getByTestId('style-loss-chart')).toHaveAttribute('data-points', '20')
  await expect(page.getByTestId('style-result')).toContainText('32×21, 20 steps')

  const href = await page.getByTestId('style-download').getAttribute('href')
  expect(href).toMatch(/^\/exports\/stylized-.*\.png\?token=/)
  const res = await page.request.get(new URL(href!, app().url).toString())
  expect(res.status()).toBe(200)
  const png = await res.body()
  expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG')
  await page.screenshot({ path: path.join(shots, 'style-transfer.png') })

  // Stop ends a long run within a second or so and still keeps the image so far
  await page.getByTestId('style-steps').fill('2000')
  await page.getByTestId('style-start').click()
  await expect(page.getByTestId('style-status')).toHaveAttribute('data-status', 'running')
  await expect(page.getByTestId('style-loss-chart')).not.toHaveAttribute('data-points', '0')
  await page.getByTestId('style-stop').click()
  await expect(page.getByTestId('style-result')).toContainText('stopped early', { timeout: 5000 })

  // the view speaks Chinese too
  await page.getByTestId('language').selectOption('zh-CN')
  await expect(page.getByTestId('tab-style')).toHaveText('风格迁移')
  await expect(page.getByTestId('style-result')).toContainText('提前停止')
})
