import { expect, test, type Page } from '@playwright/test'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('inspect', (dataDir) => {
  // LeNet on 600 Fashion-MNIST samples for one epoch: a real run of a few seconds
  const lenet = JSON.parse(readFileSync('presets/lenet.json', 'utf8'))
  lenet.training = {
    ...lenet.training,
    dataset: { name: 'fashion-mnist', limit: 600 },
    epochs: 1,
    batchSize: 64,
  }
  mkdirSync(path.join(dataDir, 'projects'), { recursive: true })
  writeFileSync(
    path.join(dataDir, 'projects', 'lenet-small.deepwire.json'),
    JSON.stringify({ format: 'deepwire-project', version: 1, graph: { ...lenet, name: 'lenet-small' } }),
  )
  // a one-block Transformer on the copy task: tokens → embedding → causal self-attention → logits
  const attention = {
    format: 'deepwire-graph',
    version: 2,
    name: 'copy-attention',
    nodes: [
      { id: 'in', type: 'Input', params: { shape: [12], dtype: 'int32' } },
      { id: 'emb', type: 'Embedding', params: { inputDim: 14, outputDim: 16 } },
      { id: 'pos', type: 'PositionEmbedding', params: { maxLength: 12 } },
      { id: 'mha', type: 'MultiHeadAttention', params: { heads: 2, causal: true } },
      { id: 'out', type: 'Dense', params: { units: 14 } },
    ],
    edges: [
      { source: 'in', target: 'emb' },
      { source: 'emb', target: 'pos' },
      { source: 'pos', target: 'mha' },
      { source: 'mha', target: 'out' },
    ],
    training: {
      dataset: { name: 'copy', samples: 400 },
      epochs: 2,
      batchSize: 32,
      optimizer: { type: 'adam', lr: 0.01 },
    },
  }
  writeFileSync(
    path.join(dataDir, 'projects', 'copy-attention.deepwire.json'),
    JSON.stringify({ format: 'deepwire-project', version: 1, graph: attention }),
  )
})
const open = (page: Page) => openApp(page, app())

/** Trains the loaded graph to the end and waits until the Inspect tab shows its run. */
async function train(page: Page, name: string) {
  await page.getByTestId('tab-training').click()
  await page.getByTestId('train-start').click()
  await page.getByTestId('tab-inspect').click()
  await expect(page.getByTestId('inspect-run').locator('option:checked')).toContainText(name, {
    timeout: 150_000,
  })
}

async function boundaryAccuracy(page: Page) {
  await page.getByTestId('inspect-view-boundary').click()
  await expect(page.getByTestId('inspect-boundary')).toHaveAttribute('data-loaded', 'true', {
    timeout: 60_000,
  })
  return Number(await page.getByTestId('boundary-accuracy').getAttribute('data-accuracy'))
}

test('XOR: the perceptron draws one line and fails, the MLP bends its boundary and succeeds', async ({
  page,
}) => {
  await open(page)
  await page.getByTestId('preset-XOR perceptron').click()
  await train(page, 'XOR perceptron')
  // a perceptron has no convolution: no filters view; a 2-D input: a boundary view
  await expect(page.getByTestId('inspect-view-filters')).toHaveCount(0)
  expect(await boundaryAccuracy(page)).toBeLessThanOrEqual(0.8)
  await page.screenshot({ path: path.join(shots, 'inspect-xor-perceptron.png') })

  await page.getByTestId('tab-presets').click()
  await page.getByTestId('preset-XOR MLP').click()
  await train(page, 'XOR MLP')
  expect(await boundaryAccuracy(page)).toBeGreaterThanOrEqual(0.9)
  // the P = 0.5 line is drawn between the coloured regions
  expect(Number(await page.getByTestId('inspect-boundary').getAttribute('data-edges'))).toBeGreaterThan(0)
  await page.screenshot({ path: path.join(shots, 'inspect-xor.png') })

  // 60 epochs of histograms, one ridge line each, and the gradient norms over them
  await page.getByTestId('inspect-view-histograms').click()
  await expect(page.getByTestId('inspect-histograms')).toHaveAttribute('data-epochs', '60')
  await expect(page.getByTestId('histogram-layer')).toHaveValue('hidden/kernel')
  await page.screenshot({ path: path.join(shots, 'inspect-histograms-epochs.png') })
})

test('LeNet after one epoch: histograms, every layer’s activations and the first filters', async ({
  page,
}) => {
  await open(page)
  await page.getByTestId('tab-projects').click()
  await page.getByTestId('project-open-lenet-small').click()
  await expect(page.getByTestId('node-conv1')).toBeVisible()
  await train(page, 'lenet-small')

  const hist = page.getByTestId('inspect-histograms')
  await expect(hist).toHaveAttribute('data-epochs', '1')
  await expect(page.getByTestId('histogram-layer')).toHaveValue('conv1/kernel')
  await expect(page.getByTestId('histogram-layer').locator('option')).toHaveCount(10)
  await expect(page.getByTestId('grad-norm-chart').locator('canvas')).toHaveCount(1)
  await page.screenshot({ path: path.join(shots, 'inspect-histograms.png') })

  await page.getByTestId('inspect-view-activations').click()
  const acts = page.getByTestId('inspect-activations')
  await expect(acts).toHaveAttribute('data-loaded', 'true', { timeout: 60_000 })
  await expect(page.getByTestId('maps-conv1')).toBeVisible()
  // 6 channels of 28×28 side by side with a 1-pixel gap
  await expect(page.getByTestId('maps-conv1')).toHaveAttribute('width', String(6 * 29 - 1))
  await expect(page.getByTestId('strip-fc3')).toHaveAttribute('width', '10')
  await expect(page.getByTestId('inspect-prediction')).toContainText('%')
  const pixels = () => page.getByTestId('maps-conv1').evaluate((c: HTMLCanvasElement) => c.toDataURL())
  const first = await pixels()
  await page.getByTestId('sample-next').click()
  await expect(page.getByTestId('sample-index')).toHaveValue('1')
  await expect.poll(pixels, { timeout: 60_000 }).not.toBe(first)
  await page.screenshot({ path: path.join(shots, 'inspect-activations.png') })

  await page.getByTestId('inspect-view-filters').click()
  await expect(page.getByTestId('inspect-filters')).toHaveAttribute('data-count', '6')
  await expect(page.getByTestId('filter-5')).toHaveAttribute('width', '5')
  await page.screenshot({ path: path.join(shots, 'inspect-filters.png') })
})

test('a self-attention model: one heat-map per head for the chosen sample', async ({ page }) => {
  await open(page)
  await page.getByTestId('tab-projects').click()
  await page.getByTestId('project-open-copy-attention').click()
  await expect(page.getByTestId('node-mha')).toBeVisible()
  await train(page, 'copy-attention')
  await page.getByTestId('inspect-view-attention').click()
  const layer = page.getByTestId('attention-mha')
  await expect(layer).toHaveAttribute('data-heads', '2', { timeout: 60_000 })
  await expect(layer.locator('.inspect-chart canvas').first()).toBeVisible()
  await layer.locator('select').selectOption('1')
  await expect(layer.locator('select')).toHaveValue('1')
  await page.screenshot({ path: path.join(shots, 'inspect-attention.png') })
})
