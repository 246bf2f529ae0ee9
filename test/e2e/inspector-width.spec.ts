/** The inspector shows a layer's formula whole and its fields without a horizontal scrollbar. */
import { expect, test, type Page } from '@playwright/test'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('inspector-width')

async function expectFits(page: Page) {
  const inspector = page.getByTestId('inspector')
  await expect(page.getByTestId('inspector-doc-formula')).toBeVisible()
  // the panel itself never scrolls sideways
  const box = await inspector.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }))
  expect(box.scroll).toBeLessThanOrEqual(box.client)
  // the formula is drawn whole, not cut off behind its own scrollbar
  const formula = await page
    .getByTestId('inspector-doc-formula')
    .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }))
  expect(formula.scroll).toBeLessThanOrEqual(formula.client)
  // every field ends inside the panel
  const right = await inspector.evaluate((el) => el.getBoundingClientRect().right)
  for (const input of await inspector.locator('input, select').all()) {
    const r = await input.evaluate((el) => el.getBoundingClientRect().right)
    expect(r).toBeLessThanOrEqual(right)
  }
}

test('Dense and Conv2D: formula whole, fields inside the inspector', async ({ page }) => {
  await openApp(page, app())
  await page.getByTestId('preset-LeNet-5').click()
  for (const kind of ['Dense', 'Conv2D']) {
    await page.locator(`.layer-node:has(.layer-type:text-is("${kind}"))`).first().click()
    await expect(page.getByTestId('inspector')).toContainText(kind)
    await expectFits(page)
    await page.screenshot({ path: path.join(shots, `inspector-${kind}.png`) })
  }
})
