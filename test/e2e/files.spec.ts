/**
 * Saving, opening and exporting in a browser: Save says it saved, a project file from the
 * user's own disk opens (or is refused in one sentence), and an export says which run's weights
 * it holds, shows its steps, and gives download links to files that carry the run's settings.
 */
import { expect, test } from '@playwright/test'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('files')

test('Save gives feedback; a project file from disk opens, a damaged one is refused in a sentence', async ({
  page,
}) => {
  await openApp(page, app())
  await page.getByTestId('preset-MLP 784-256-10').click()
  await page.getByTestId('tab-projects').click()
  await page.getByTestId('project-name').fill('mine')
  await page.getByTestId('project-save').click()
  await expect(page.getByTestId('save-status')).toHaveText(/^Saved · mine · \d{1,2}:\d{2}/)

  const file = page.getByTestId('project-file')
  await file.setInputFiles({
    name: 'broken.deepwire.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format": "deepwire-project", "version": 1, "graph": '),
  })
  await expect(page.getByTestId('project-note')).toHaveText(
    "project 'broken' is damaged (not valid JSON); the file was left untouched",
  )
  await expect(page.getByTestId('node-hidden')).toBeVisible()

  const graph = JSON.parse(readFileSync('presets/xor.json', 'utf8'))
  await file.setInputFiles({
    name: 'xor-mine.deepwire.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ format: 'deepwire-project', version: 1, graph })),
  })
  await expect(page.getByTestId('doc-name')).toHaveText('xor-mine')
  await expect(page.getByTestId('node-hidden')).toBeVisible()
  await expect(page.getByTestId('node-flatten')).toHaveCount(0)
  await expect(page.getByTestId('project-note')).toHaveText('')
})

test('a PyTorch export names its run and steps, and its files download with the run’s settings', async ({
  page,
}) => {
  await openApp(page, app())
  await page.getByTestId('preset-MLP 784-256-10').click()
  await page.getByTestId('tab-training').click()
  await page.getByTestId('train-epochs').fill('1')
  await page.getByTestId('train-limit').fill('2000')
  await page.getByTestId('train-start').click()
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'finished', {
    timeout: 120_000,
  })
  await page.getByTestId('tab-export').click()
  await page.getByTestId('export-format').selectOption('pytorch')
  await page.getByTestId('export-run').click()
  // the steps are named while it works, never a bare "Exporting…"
  await expect(page.getByTestId('export-phase')).toHaveText(/Reading|Building|Writing|Checking|Starting/)
  await expect(page.getByTestId('export-result')).toBeVisible({ timeout: 120_000 })
  await expect(page.getByTestId('export-weights')).toContainText(
    /Weights: run [0-9a-f]{8}, after epoch 1 of 1/,
  )
  await expect(page.getByTestId('export-weights')).toContainText('epochs 1, batch 128')
  const link = page.getByTestId('export-download').filter({ hasText: 'train.py' })
  const res = await page.request.get(new URL((await link.getAttribute('href'))!, page.url()).href)
  expect(res.status()).toBe(200)
  expect(await res.text()).toMatch(/^EPOCHS = 1$/m)
  await expect(page.getByTestId('export-download').filter({ hasText: 'weights.npz' })).toHaveCount(1)
  await page.screenshot({ path: path.join(shots, 'export-downloads.png') })
})
