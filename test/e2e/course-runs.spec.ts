import { expect, test, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('course-runs', () => mkdirSync(shots, { recursive: true }))
// each test trains through the engine (two to five runs): more than the default three minutes on a busy machine
test.describe.configure({ timeout: 300_000 })
const open = (page: Page) => openApp(page, app())

/** The bottom panel made tall enough for a chart and a table at once. */
const tallPanel = (page: Page) =>
  page.addStyleTag({ content: '.app { grid-template-rows: 40px 1fr 640px !important; }' })

test('batch normalisation lesson: one click trains LeNet and BN-LeNet and opens Runs comparing them', async ({
  page,
}) => {
  await open(page)
  await page.getByTestId('tab-learn').click()
  await page.getByTestId('lesson-bn').click()
  // a small subset keeps the test short; the lesson's default is 12,000 images over 2 epochs
  await page.getByTestId('bn-limit').fill('600')
  await page.getByTestId('bn-epochs').fill('1')
  await page.getByTestId('bn-compare').click()
  await expect(page.getByTestId('bn-compare-status')).toHaveAttribute('data-status', 'running')
  // both runs end, then Runs opens with the two ticked and overlaid
  await expect(page.getByTestId('runs')).toBeVisible({ timeout: 240_000 })
  await expect(page.getByTestId('compare-loss')).toHaveAttribute('data-runs', '2')
  await expect(page.getByTestId('compare-metric')).toHaveAttribute('data-runs', '2')
  const rows = page.getByTestId('run-row')
  await expect(rows).toHaveCount(2)
  await expect(page.getByTestId('runs-table')).toContainText('LeNet-5')
  await expect(page.getByTestId('runs-table')).toContainText('BN-LeNet')
  // different architectures, same images, seed and epochs
  const diff = page.getByTestId('settings-diff')
  await expect(diff.getByTestId('diff-graphHash')).toHaveCount(1)
  await expect(diff.getByTestId('diff-layers')).toContainText('BatchNorm')
  await expect(diff.getByTestId('diff-seed')).toHaveCount(0)
  await expect(diff.getByTestId('diff-epochs')).toHaveCount(0)
  await expect(diff.getByTestId('diff-datasetOptions')).toHaveCount(0)
  for (const pick of await page.getByTestId('run-pick').all()) await expect(pick).toBeChecked()
  await tallPanel(page)
  await page.screenshot({ path: path.join(shots, 'bn-compare.png') })
})

test('k-fold in the app: house prices trains every fold and shows each measure’s mean ± std', async ({
  page,
}) => {
  await open(page)
  await page.getByTestId('preset-House prices · k-fold (course settings)').click()
  await page.getByTestId('tab-training').click()
  await page.getByTestId('train-epochs').fill('3')
  await page.getByTestId('train-start').click()
  await expect(page.getByTestId('training-fold')).toHaveAttribute('data-folds', '5', { timeout: 30_000 })
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'finished', {
    timeout: 240_000,
  })
  const summary = page.getByTestId('fold-summary')
  await expect(summary).toHaveAttribute('data-folds', '5')
  const measures = summary.getByTestId('fold-measure')
  // the loss, the regression metrics every run reports and the course's log-RMSE
  await expect(measures).toHaveCount(4)
  expect(await measures.evaluateAll((ms) => ms.map((m) => m.getAttribute('data-measure')))).toEqual([
    'val_loss',
    'val_mae',
    'val_rmse',
    'val_log-rmse',
  ])
  // five folds' values, a mean between them and a spread that is not zero
  const logRmse = summary.locator('[data-measure="val_log-rmse"]')
  await expect(logRmse).toContainText(/\d\.\d{4} ± \d\.\d{4}/)
  const perFold = (await logRmse.locator('td').nth(2).innerText()).split(' · ').map(Number)
  expect(perFold).toHaveLength(5)
  const mean = Number(await logRmse.getAttribute('data-mean'))
  expect(mean).toBeCloseTo(perFold.reduce((a, b) => a + b, 0) / 5, 3)
  expect(Number(await logRmse.getAttribute('data-std'))).toBeGreaterThan(0)
  await tallPanel(page)
  await page.screenshot({ path: path.join(shots, 'kfold-training.png') })

  // the run is recorded with its folds' summary
  await page.getByTestId('tab-runs').click()
  await expect(page.getByTestId('run-cv')).toContainText('5 folds')
  await expect(page.getByTestId('run-cv')).toContainText('±')
  // the spec's earlier runs share the data folder: tick this one
  await page.getByTestId('run-row').filter({ hasText: 'House prices' }).getByTestId('run-pick').check()
  await expect(page.getByTestId('run-fold-summary')).toHaveAttribute('data-folds', '5')
  await expect(page.getByTestId('compare-loss')).toHaveAttribute('data-runs', '1')
})

test('optimiser and stability lessons: the engine’s optimisers and schedules, gradients by depth', async ({
  page,
}) => {
  await open(page)
  await page.getByTestId('tab-learn').click()
  await page.getByTestId('lesson-optim').click()
  for (const k of ['sgd', 'momentum', 'rmsprop', 'adagrad', 'adadelta', 'adam'])
    await expect(page.getByTestId(`optim-stats-${k}`)).toBeVisible()
  await page.getByTestId('optim-play').click()
  await expect(page.getByTestId('optim-step-count')).toHaveAttribute('data-step', '40', { timeout: 60_000 })
  // every method goes downhill from f = 10.5; Adadelta, with no rate of its own, the least
  const loss = async (k: string) =>
    Number(await page.getByTestId(`optim-stats-${k}`).getAttribute('data-loss'))
  for (const k of ['sgd', 'rmsprop', 'adagrad', 'adam']) expect(await loss(k)).toBeLessThan(2)
  expect(await loss('adadelta')).toBeGreaterThan(await loss('adam'))
  // the course's multi-factor example: 0.5 for 15 epochs, then 0.25
  const ms = (await page.getByTestId('sched-multistep').getAttribute('data-lrs'))!.split(',').map(Number)
  expect(ms.slice(0, 15).every((v) => v === 0.5) && ms.slice(15).every((v) => v === 0.25)).toBe(true)
  const wc = (await page.getByTestId('sched-warmup-cosine').getAttribute('data-lrs'))!.split(',').map(Number)
  expect(wc[0]).toBe(0)
  expect(wc[5]).toBeCloseTo(0.3, 4)
  expect(wc[29]).toBeCloseTo(0.01, 4)
  await page.getByTestId('sched-milestones').fill('5, 10')
  await expect(page.getByTestId('sched-multistep')).toHaveAttribute(
    'data-lrs',
    /^0\.5000(,0\.5000){4},0\.2500/,
  )

  await tallPanel(page)
  await page.screenshot({ path: path.join(shots, 'learn-optim.png') })

  await page.getByTestId('lesson-stability').click()
  await page.getByTestId('stable-depth').fill('4')
  await page.getByTestId('stable-measure').click()
  await expect(page.getByTestId('stable-chart')).toHaveAttribute('data-cases', '4', { timeout: 150_000 })
  const row = (k: string) => page.locator(`[data-testid="stable-row"][data-case="${k}"]`)
  const ratio = async (k: string) =>
    Number(await row(k).getAttribute('data-first')) / Number(await row(k).getAttribute('data-last'))
  // sigmoid with tiny weights: the first layer hears almost nothing; ReLU with Xavier keeps it audible
  expect(await ratio('sigmoid-normal')).toBeLessThan(1e-4)
  expect(await ratio('relu-glorot')).toBeGreaterThan(1e-2)
  await tallPanel(page)
  await page.screenshot({ path: path.join(shots, 'learn-stability.png') })
})
