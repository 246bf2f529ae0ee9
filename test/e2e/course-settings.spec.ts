import { expect, test, type Page } from '@playwright/test'
import { openApp, useWebApp } from './web-app'

const app = useWebApp('course-settings')

async function open(page: Page) {
  await openApp(page, app())
}

test('the preset gallery switches between course settings and quick variants, labelled', async ({ page }) => {
  await open(page)
  const courseRnn = page.getByTestId('preset-RNN language model · course settings')
  const quickRnn = page.getByTestId('preset-RNN language model (characters)')
  await expect(courseRnn).toBeVisible()
  await expect(quickRnn).toBeVisible()
  await expect(courseRnn).toContainText('course settings')
  await expect(courseRnn).toContainText('compare: course §8.6')
  await page.getByTestId('preset-view-course').click()
  await expect(courseRnn).toBeVisible()
  await expect(quickRnn).toHaveCount(0)
  await page.getByTestId('preset-view-quick').click()
  await expect(quickRnn).toBeVisible()
  await expect(quickRnn).toContainText('faster variant of course §8.6')
  await expect(courseRnn).toHaveCount(0)
})

test('the Training panel offers the course schedules; a bad milestone list is refused in one sentence', async ({
  page,
}) => {
  await open(page)
  await page.getByTestId('preset-MLP 784-256-10 · course settings').click()
  await page.getByTestId('tab-training').click()
  await page.getByTestId('train-schedule').selectOption('warmup-cosine')
  await expect(page.getByTestId('schedule-finalLr')).toBeVisible()
  await expect(page.getByTestId('schedule-warmupEpochs')).toBeVisible()
  await page.getByTestId('train-schedule').selectOption('multistep')
  await page.getByTestId('schedule-milestones').fill('3, 1')
  await page.getByTestId('train-start').click()
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'failed', {
    timeout: 30_000,
  })
  await expect(page.getByTestId('training-status')).toContainText('ascending order')
})

test('the Data panel previews the course augmentation beside the stored samples', async ({ page }) => {
  await open(page)
  await page.getByTestId('preset-LeNet-5').click()
  await page.getByTestId('tab-data').click()
  await expect(page.getByTestId('samples').first().locator('canvas')).toHaveCount(24)
  await expect(page.getByTestId('augment-preview')).toHaveCount(0)
  await page.getByTestId('augment-resizedCrop').check()
  await expect(page.getByTestId('augment-cropScale-0')).toHaveValue('0.08')
  const preview = page.getByTestId('augment-preview')
  await expect(preview.locator('canvas')).toHaveCount(16)
  await page.getByTestId('augment-redraw').click()
  await expect(preview.locator('canvas')).toHaveCount(16)
})
