import { expect, test, type Page } from '@playwright/test'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('block-edit')

async function open(page: Page) {
  await openApp(page, app())
}

const count = async (page: Page) =>
  Number((await page.getByTestId('total-params').textContent())!.replace(/,/g, ''))

test("edit a conv inside ResNet-18's open stage block: the block definition changes in every use", async ({
  page,
}) => {
  await open(page)
  await page.getByTestId('preset-ResNet-18').click()
  await page.getByTestId('tab-summary').click()
  const before = await count(page)
  await page.getByTestId('toggle-stage3').click()
  await page.getByTestId('toggle-stage3/res1').click()
  await page.getByTestId('node-stage3/res1/conv1').click()

  const inspector = page.getByTestId('inspector')
  await expect(inspector).toContainText('Conv2D')
  await expect(page.getByTestId('block-edit-note')).toHaveText(
    'Editing here changes every use of block residual (8 uses).',
  )
  await expect(page.getByTestId('inspector-shape')).toHaveText('12×12×128')
  // the filters come from the block's "channels": shown, read-only, with where to change them
  await expect(page.getByTestId('param-filters').locator('input')).toHaveValue('128')
  await expect(page.getByTestId('param-filters').locator('input')).toHaveAttribute('readonly', '')
  await expect(page.getByTestId('bound-filters')).toContainText("Set by the block's parameter channels")

  // 'same' padding first, so a larger kernel keeps the size the residual sum needs
  const padding = page.getByTestId('param-padding').locator('input')
  await padding.fill('same')
  await padding.press('Enter')
  await expect(page.getByTestId('total-params')).toHaveText(before.toLocaleString('en-US'))
  const kernel = page.getByTestId('param-kernelSize').locator('input')
  await kernel.fill('5')
  await kernel.press('Enter')
  // every residual block's first conv grows from 3×3 to 5×5: 16 more weights per input/output channel pair
  const pairs = [64 * 64, 64 * 64, 64 * 128, 128 * 128, 128 * 256, 256 * 256, 256 * 512, 512 * 512]
  const added = 16 * pairs.reduce((a, b) => a + b, 0)
  await expect.poll(() => count(page)).toBe(before + added)
  await expect(page.getByTestId('node-stage3/res1/conv1')).toContainText('kernelSize=5')
  await page.screenshot({ path: path.join(shots, 'block-edit.png') })

  // undo takes the kernel back to 3×3 (the 'same' padding stays: it counts no weights)
  await page.getByRole('button', { name: 'Undo' }).click()
  await expect.poll(() => count(page)).toBe(before)
  await expect(page.getByTestId('node-stage3/res1/conv1')).toContainText('kernelSize=3')

  // renaming an inner layer renames it in the definition: every instance shows the new name
  await page.getByTestId('node-stage3/res1/bn1').click()
  await page.getByTestId('rename').fill('norm1')
  await page.getByTestId('rename').press('Tab')
  await expect(page.getByTestId('node-stage3/res1/norm1')).toBeVisible()
  await expect(page.getByTestId('node-stage3/res1/bn1')).toHaveCount(0)
  await expect(page.getByTestId('inspector-shape')).toHaveText('12×12×128')
  await expect.poll(() => count(page)).toBe(before)

  // a block instance's parameters are edited on the instance; inside, they show as bound
  await page.getByTestId('group-stage3/res1').locator('.layer-type').click()
  await expect(page.getByTestId('block-params')).toBeVisible()
  await expect(page.getByTestId('bound-channels')).toBeVisible()
  await page.getByTestId('toggle-stage3').click()
  await page.getByTestId('node-stage3').click()
  const channels = page.getByTestId('block-param-channels').locator('input')
  await expect(channels).toHaveValue('128')
  await channels.fill('96')
  await channels.press('Enter')
  await expect(page.getByTestId('shape-stage3')).toContainText('12×12×96')
})

test('auto-layout runs elk in a Web Worker the page policy allows', async ({ page }) => {
  const warnings: string[] = []
  page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())))
  await open(page)
  await page.getByTestId('preset-ResNet-18').click()
  const fc = page.locator('.react-flow__node[data-id="fc"]')
  const before = await fc.getAttribute('style')
  const worker = page.waitForEvent('worker')
  await page.getByRole('button', { name: 'Auto-layout' }).click()
  expect((await worker).url()).toMatch(/\/assets\/elk\.worker-[\w-]+\.js$/)
  await expect.poll(() => fc.getAttribute('style')).not.toBe(before)
  expect(warnings.filter((w) => w.includes('auto-layout'))).toEqual([])
})
