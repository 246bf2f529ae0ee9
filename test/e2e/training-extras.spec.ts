import { expect, test, type Page } from '@playwright/test'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('extras')

async function open(page: Page) {
  await openApp(page, app())
}

/** Screenshots show the whole bottom panel: the app keeps it 280 px tall and scrolling. */
const tallPanel = (page: Page) =>
  page.addStyleTag({ content: '.app { grid-template-rows: 40px 1fr 640px !important; }' })

async function train(
  page: Page,
  settings: { limit: string; epochs: string; lr?: string; optimizer?: string; workers?: string },
) {
  await page.getByTestId('tab-training').click()
  await page.getByTestId('train-limit').fill(settings.limit)
  await page.getByTestId('train-epochs').fill(settings.epochs)
  if (settings.lr) await page.getByTestId('train-lr').fill(settings.lr)
  if (settings.optimizer) await page.getByTestId('train-optimizer').selectOption(settings.optimizer)
  if (settings.workers) await page.getByTestId('train-workers').selectOption(settings.workers)
  await page.getByTestId('train-start').click()
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'finished', {
    timeout: 150_000,
  })
}

test('classification: confusion heat-map, per-class accuracy, sample predictions; two runs compared', async ({
  page,
}) => {
  await open(page)
  await page.getByTestId('preset-MLP 784-256-10').click()
  await train(page, { limit: '1500', epochs: '2' })
  const views = page.getByTestId('epoch-views')
  await expect(views).toHaveAttribute('data-epoch', '2')
  await expect(page.getByTestId('confusion-matrix')).toHaveAttribute('data-classes', '10')
  await expect(page.getByTestId('confusion-matrix').locator('canvas').first()).toBeVisible()
  const rows = page.getByTestId('per-class-row')
  await expect(rows).toHaveCount(10)
  await expect(rows.first()).toContainText('T-shirt/top')
  await expect(page.getByTestId('per-class-mean')).toHaveText(/^\d+\.\d%$/)
  const samples = page.getByTestId('sample-prediction')
  await expect(samples).toHaveCount(8)
  await expect(samples.first().locator('canvas')).toHaveCount(1)
  await expect(samples.first()).toContainText(/predicted .+ \(\d+%\)/)
  // an MLP after 2 epochs on 1,350 images gets most of the 8 right, not all wrong
  expect(
    await page.locator('[data-testid="sample-prediction"][data-correct="true"]').count(),
  ).toBeGreaterThan(2)
  await tallPanel(page)
  await views.scrollIntoViewIfNeeded()
  await page.screenshot({ path: path.join(shots, 'training-confusion.png') })

  await page.reload()
  await expect(page.getByTestId('palette')).toBeVisible()
  // the second run shares every batch between two worker threads, as the run's backend line says
  await train(page, { limit: '1500', epochs: '2', optimizer: 'sgd', lr: '0.05', workers: '2' })
  await expect(page.getByTestId('training-backend')).toContainText('2 workers')

  await page.getByTestId('tab-runs').click()
  const runRows = page.getByTestId('run-row')
  await expect(runRows).toHaveCount(2)
  await expect(runRows.first()).toContainText('MLP 784-256-10')
  for (const pick of await page.getByTestId('run-pick').all()) await pick.check()
  await expect(page.getByTestId('compare-loss')).toHaveAttribute('data-runs', '2')
  await expect(page.getByTestId('compare-metric')).toHaveAttribute('data-runs', '2')
  const diff = page.getByTestId('settings-diff')
  await expect(diff.getByTestId('diff-optimizer')).toContainText('sgd')
  await expect(diff.getByTestId('diff-optimizer')).toContainText('adam')
  await expect(diff.getByTestId('diff-lr')).toContainText('0.05')
  // same graph: the architecture rows agree and are not listed
  await expect(diff.getByTestId('diff-graphHash')).toHaveCount(0)
  await expect(diff.getByTestId('diff-activations')).toHaveCount(0)
  await tallPanel(page)
  await page.screenshot({ path: path.join(shots, 'run-compare.png') })

  // the history is on disk: it survives a reload, and a run can be deleted
  await page.reload()
  await page.getByTestId('tab-runs').click()
  await expect(page.getByTestId('run-row')).toHaveCount(2)
  page.once('dialog', (d) => void d.accept())
  await page.getByTestId('run-delete').last().click()
  await expect(page.getByTestId('run-row')).toHaveCount(1)
})

test('segmentation: input, true and predicted masks of the same validation images', async ({ page }) => {
  await open(page)
  await page.getByTestId('preset-FCN').click()
  await train(page, { limit: '80', epochs: '1' })
  const masks = page.getByTestId('mask-predictions')
  await expect(masks).toBeVisible()
  // 10 % of 80 samples are the validation set, all of them shown
  await expect(masks.getByTestId('mask-predicted')).toHaveCount(8)
  await expect(masks.getByTestId('mask-truth')).toHaveCount(8)
  await expect(masks.getByTestId('mask-input').first()).toHaveAttribute('width', '64')
  // four classes (background, circle, rectangle, triangle): a pixel confusion matrix too
  await expect(page.getByTestId('confusion-matrix')).toBeVisible()
  await tallPanel(page)
  await masks.scrollIntoViewIfNeeded()
  await page.screenshot({ path: path.join(shots, 'segmentation-masks.png') })
})
