import { expect, test, type Page } from '@playwright/test'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('recovery')

async function open(page: Page) {
  await openApp(page, app())
  // leaving with unsaved work asks first (the unload guard); these tests mean to leave
  page.on('dialog', (d) => void d.accept())
}

/** A Dense layer dropped on the canvas: an unsaved edit. */
async function addDense(page: Page) {
  await page
    .getByTestId('palette-Dense')
    .dragTo(page.getByTestId('canvas'), { targetPosition: { x: 300, y: 120 } })
  await expect(page.getByTestId('node-dense1')).toBeVisible()
  await expect(page.getByTestId('dirty')).toBeVisible()
}

test('unsaved work comes back after a reload behind a prompt: Keep keeps it, Discard empties', async ({
  page,
}) => {
  await open(page)
  // a fresh start has nothing to recover
  await expect(page.getByTestId('recovery-prompt')).toHaveCount(0)
  await addDense(page)
  const editedAt = Date.now()

  await page.reload()
  const prompt = page.getByTestId('recovery-prompt')
  await expect(prompt).toBeVisible()
  await expect(prompt).toContainText('Recovered unsaved work from')
  // the time shown is when the work was autosaved: this minute (or the one before)
  const shown = (await prompt.locator('span').textContent())!.replace('Recovered unsaved work from ', '')
  expect(Math.abs(Date.parse(shown.replace(' at ', ' ')) - editedAt)).toBeLessThan(2 * 60_000)
  // the recovered graph is on the canvas behind the prompt, still marked unsaved
  await expect(page.getByTestId('node-dense1')).toBeVisible()
  await expect(page.getByTestId('dirty')).toBeVisible()
  await page.screenshot({ path: path.join(shots, 'recovery-prompt.png') })
  await page.getByTestId('recovery-keep').click()
  await expect(prompt).toHaveCount(0)
  await expect(page.getByTestId('node-dense1')).toBeVisible()
  await expect(page.getByTestId('dirty')).toBeVisible()

  // still unsaved: the next start asks again; Discard leaves the empty graph and no autosave
  await page.reload()
  await expect(prompt).toBeVisible()
  await page.getByTestId('recovery-discard').click()
  await expect(prompt).toHaveCount(0)
  await expect(page.getByTestId('node-dense1')).toHaveCount(0)
  await expect(page.getByTestId('node-in')).toBeVisible()
  await expect(page.getByTestId('dirty')).toHaveCount(0)
  expect(await page.evaluate(() => localStorage.getItem('deepwire.autosave'))).toBeNull()
  await page.reload()
  await expect(page.getByTestId('node-in')).toBeVisible()
  await expect(prompt).toHaveCount(0)
  await expect(page.getByTestId('node-dense1')).toHaveCount(0)
})

test('work saved as a project comes back without a prompt, as that project', async ({ page }) => {
  await open(page)
  await addDense(page)
  await page.getByTestId('tab-projects').click()
  await page.getByTestId('project-name').fill('recover me')
  await page.getByTestId('project-save').click()
  await expect(page.getByTestId('dirty')).toHaveCount(0)
  await page.reload()
  await expect(page.getByTestId('node-dense1')).toBeVisible()
  await expect(page.getByTestId('doc-name')).toHaveText('recover me')
  await expect(page.getByTestId('dirty')).toHaveCount(0)
  await expect(page.getByTestId('recovery-prompt')).toHaveCount(0)

  // an edit after the save is unsaved work again
  await page.getByTestId('node-dense1').click()
  const units = page.getByTestId('param-units').locator('input')
  await units.fill('32')
  await units.press('Enter')
  await expect(page.getByTestId('dirty')).toBeVisible()
  await page.reload()
  await expect(page.getByTestId('recovery-prompt')).toBeVisible()
  await expect(page.getByTestId('doc-name')).toContainText('recover me')
  await expect(page.getByTestId('node-dense1')).toContainText('units=32')
})
