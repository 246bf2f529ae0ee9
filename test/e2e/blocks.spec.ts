import { expect, test, type Page } from '@playwright/test'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('blocks')

async function open(page: Page) {
  await openApp(page, app())
}

test('open ResNet-18 blocks level by level, see the inner layers and their shapes, close them', async ({
  page,
}) => {
  await open(page)
  await page.getByTestId('preset-ResNet-18').click()
  await expect(page.getByTestId('node-stage3')).toBeVisible()
  await expect(page.getByTestId('node-stage3')).toContainText('12×12×128')
  await page.getByTestId('toggle-stage3').click()
  await expect(page.getByTestId('group-stage3')).toBeVisible()
  await expect(page.getByTestId('node-stage3/res1')).toBeVisible()
  await expect(page.getByTestId('node-stage3/res2')).toBeVisible()
  await page.getByTestId('toggle-stage3/res1').click()
  await expect(page.getByTestId('shape-stage3/res1/conv1')).toContainText('12×12×128')
  await expect(page.getByTestId('shape-stage3/res1/add')).toContainText('12×12×128')
  // the optional 1×1 shortcut is a repeat of 1: it says so
  await expect(page.getByTestId('repeat-stage3/res1/shortcut')).toHaveText('×1')
  await page.screenshot({ path: path.join(shots, 'canvas-blocks.png') })
  await page.getByTestId('toggle-stage3').click()
  await expect(page.getByTestId('node-stage3/res1')).toHaveCount(0)
  await expect(page.getByTestId('node-stage3')).toBeVisible()
  // the context menu opens a block too
  await page.getByTestId('node-stage2').click({ button: 'right' })
  await page.getByTestId('block-menu').getByRole('menuitem', { name: 'Open this block' }).click()
  await expect(page.getByTestId('group-stage2')).toBeVisible()
  await expect(page.getByTestId('block-menu')).toHaveCount(0)
  // expand all opens every level; collapse all closes them again
  await page.getByTestId('block-expand-all').click()
  await expect(page.getByTestId('group-stage5/res2')).toHaveCount(1)
  await page.getByTestId('block-collapse-all').click()
  await expect(page.locator('[data-testid^="group-"]')).toHaveCount(0)
})

test('group three layers of a hand-made graph into a block, undo, redo and ungroup it', async ({ page }) => {
  await open(page)
  const canvas = page.getByTestId('canvas')
  const box = (await canvas.boundingBox())!
  // a row near the top of the canvas, below the block toolbar and above the Input node
  const row = 80
  const layers = ['Flatten', 'Dense', 'ReLU', 'Dense']
  for (const [i, type] of layers.entries())
    await page.getByTestId(`palette-${type}`).dragTo(canvas, { targetPosition: { x: 30 + i * 200, y: row } })
  const connect = async (from: string, to: string) =>
    page
      .locator(`[data-id="${from}"] .react-flow__handle-bottom`)
      .dragTo(page.locator(`[data-id="${to}"] .react-flow__handle-top`))
  await connect('in', 'flatten1')
  await connect('flatten1', 'dense1')
  await connect('dense1', 'relu1')
  await connect('relu1', 'dense2')
  await expect(page.getByTestId('shape-dense2')).toContainText('64')
  await page.getByTestId('tab-summary').click()
  const total = page.getByTestId('total-params')
  const before = await total.textContent()
  expect(Number(before!.replace(/,/g, ''))).toBe(784 * 64 + 64 + 64 * 64 + 64)

  // an Input cannot go into a block: the canvas says why
  await page.getByTestId('node-in').click()
  await page.getByTestId('block-group').click()
  await page.getByTestId('block-create').click()
  await expect(page.getByTestId('block-message')).toContainText("'in' is an Input node")
  await page.getByRole('button', { name: 'Cancel' }).click()

  // box-select the first three layers (Shift + drag from empty canvas); the fourth starts at x = 630
  await page.keyboard.down('Shift')
  await page.mouse.move(box.x + 610, box.y + row + 105)
  await page.mouse.down()
  await page.mouse.move(box.x + 15, box.y + row - 20, { steps: 8 })
  await page.mouse.up()
  await page.keyboard.up('Shift')
  for (const id of ['flatten1', 'dense1', 'relu1'])
    await expect(page.locator(`[data-id="${id}"]`)).toHaveClass(/selected/)
  await expect(page.locator('[data-id="dense2"]')).not.toHaveClass(/selected/)

  await page.keyboard.press('Control+g')
  await page.getByTestId('block-name').fill('mlp_head')
  await page.getByTestId('block-create').click()
  await expect(page.getByTestId('node-mlp_head1')).toBeVisible()
  await expect(page.getByTestId('node-flatten1')).toHaveCount(0)
  await expect(page.getByTestId('shape-mlp_head1')).toContainText('64')
  await expect(total).toHaveText(before!)
  await expect(page.getByTestId('summary')).toContainText('mlp_head')

  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByTestId('node-flatten1')).toBeVisible()
  await expect(page.getByTestId('node-mlp_head1')).toHaveCount(0)
  await expect(total).toHaveText(before!)
  await page.getByRole('button', { name: 'Redo' }).click()
  await expect(page.getByTestId('node-mlp_head1')).toBeVisible()

  // open it: the three layers are inside, with their shapes
  await page.getByTestId('toggle-mlp_head1').click()
  await expect(page.getByTestId('shape-mlp_head1/dense1')).toContainText('64')
  await page.getByTestId('toggle-mlp_head1').click()

  await page.getByTestId('node-mlp_head1').click()
  await page.getByTestId('block-ungroup').click()
  for (const id of ['flatten1', 'dense1', 'relu1']) await expect(page.getByTestId(`node-${id}`)).toBeVisible()
  await expect(page.getByTestId('node-mlp_head1')).toHaveCount(0)
  await expect(total).toHaveText(before!)
})
