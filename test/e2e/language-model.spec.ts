import { expect, test, type Page } from '@playwright/test'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

/**
 * A language model end to end in the app: the Data panel's text settings (tokens, minimum
 * frequency, minibatches) edit the graph's dataset, a short run trains, and the Inspect tab's
 * Generate view continues a prompt with the trained model.
 */
const app = useWebApp('language-model', (dataDir) => {
  // a bigram character model on 64 windows of the shipped book: a run of a few seconds
  const graph = {
    format: 'deepwire-graph',
    version: 2,
    name: 'tiny-lm',
    nodes: [
      { id: 'in', type: 'Input', params: { shape: [16], dtype: 'int32' } },
      { id: 'emb', type: 'Embedding', params: { inputDim: 70, outputDim: 8 } },
      { id: 'out', type: 'Dense', params: { units: 70 } },
    ],
    edges: [
      { source: 'in', target: 'emb' },
      { source: 'emb', target: 'out' },
    ],
    training: {
      dataset: { name: 'time-machine', size: [16], limit: 64 },
      optimizer: { type: 'adam', lr: 0.05 },
      batchSize: 16,
      epochs: 1,
    },
  }
  mkdirSync(path.join(dataDir, 'projects'), { recursive: true })
  writeFileSync(
    path.join(dataDir, 'projects', 'tiny-lm.deepwire.json'),
    JSON.stringify({ format: 'deepwire-project', version: 1, graph }),
  )
})
const open = (page: Page) => openApp(page, app())

test('text settings in the Data panel, then a prompt continued in the Inspect tab', async ({ page }) => {
  await open(page)
  await page.getByTestId('tab-projects').click()
  await page.getByTestId('project-open-tiny-lm').click()
  await expect(page.getByTestId('node-emb')).toBeVisible()

  await page.getByTestId('tab-data').click()
  await expect(page.getByTestId('text-settings')).toBeVisible({ timeout: 60_000 })
  await expect(page.getByTestId('text-tokenizer')).toHaveValue('char')
  await page.getByTestId('text-min-freq').fill('2')
  await expect(page.getByTestId('text-min-freq')).toHaveValue('2')
  await page.getByTestId('text-partition').selectOption('sequential')
  await page.getByTestId('text-partition').selectOption('random')
  // back to every character: the vocabulary of 70 the graph's Embedding and Dense are sized for
  await page.getByTestId('text-min-freq').fill('1')
  await page.screenshot({ path: path.join(shots, 'data-text-settings.png') })

  await page.getByTestId('tab-training').click()
  await page.getByTestId('train-start').click()
  await page.getByTestId('tab-inspect').click()
  await expect(page.getByTestId('inspect-run').locator('option:checked')).toContainText('tiny-lm', {
    timeout: 150_000,
  })
  await page.getByTestId('inspect-view-generate').click()
  await page.getByTestId('generate-prompt').fill('The Time ')
  await page.getByTestId('generate-temperature').fill('0')
  await page.getByTestId('generate-run').click()
  const output = page.getByTestId('generate-output')
  await expect(output).toContainText('The Time ', { timeout: 60_000 })
  // the prompt and 100 generated characters
  expect(((await output.textContent()) ?? '').length).toBeGreaterThan(100)
  await page.screenshot({ path: path.join(shots, 'inspect-generate.png') })
})
