/** Stop ends a run within about a second whatever it is doing: starting, building, first batch. */
import { expect, test, type Page } from '@playwright/test'
import { openApp, useWebApp } from './web-app'

const app = useWebApp('stop')

async function startResNet(page: Page) {
  await openApp(page, app())
  await page.getByTestId('preset-ResNet-18').click()
  await page.getByTestId('tab-training').click()
  await page.getByTestId('train-device').selectOption('cpu')
  await page.getByTestId('train-batch-size').fill('8')
  await page.getByTestId('train-epochs').fill('1')
  await page.getByTestId('train-start').click()
}

/** Presses Stop and says how long until the run is over in the UI (ms). */
async function stopTakes(page: Page) {
  const t0 = Date.now()
  await page.getByTestId('train-stop').click()
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', /finished|failed/, {
    timeout: 10_000,
  })
  return Date.now() - t0
}

test('Stop right after Train, while the engine starts, ends the run', async ({ page }) => {
  await startResNet(page)
  // no waiting for any phase (a Stop before the run's id arrives: stop-pending.test.ts)
  expect(await stopTakes(page)).toBeLessThan(2500)
  await expect(page.getByTestId('train-start')).toBeEnabled()
})

test('Stop while the model is built or its first batch runs ends it within about a second', async ({
  page,
}) => {
  await startResNet(page)
  await expect(page.getByTestId('training-phase')).toHaveText(/Building the model|Running the first batch/, {
    timeout: 60_000,
  })
  expect(await stopTakes(page)).toBeLessThan(2500)
})
