import { expect, test } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

// a pretrained model to import: the gratings CNN after one short epoch, exported to ONNX
const work = mkdtempSync(path.join(tmpdir(), 'dw-e2e-finetune-model-'))
const onnx = path.join(work, 'gratings.onnx')
const app = useWebApp('finetune', () => {
  const cli = (...args: string[]) => execFileSync('node', ['bin/deepwire.mjs', ...args], { stdio: 'pipe' })
  cli('train', 'presets/gratings-cnn.json', '--epochs', '1', '--limit', '400', '--out', work, '--json')
  cli(
    'export',
    'presets/gratings-cnn.json',
    '--format',
    'onnx',
    '--checkpoint',
    path.join(work, 'checkpoint.dwckpt'),
    '--out',
    onnx,
  )
})

test.setTimeout(400_000)
test('import a model, replace its head, freeze the body, fine-tune from its weights', async ({ page }) => {
  await openApp(page, app())
  // web mode: the file is uploaded through the server
  await page.getByTestId('import-model-file').setInputFiles(onnx)
  await expect(page.getByTestId('notice')).toContainText('Imported 10 nodes', { timeout: 150_000 })
  const head = page.locator('.layer-node', { hasText: 'Dense' })
  await expect(head).toHaveCount(1)
  const headId = (await head.getAttribute('data-testid'))!.replace(/^node-/, '')

  // replace the head: 4 classes for 'plaids', at 10× the learning rate
  await head.click()
  const units = page.getByTestId('param-units').locator('input')
  await units.fill('4')
  await units.press('Enter')
  await page.getByTestId('inspector-lr-multiplier').fill('10')
  await page.getByTestId('inspector-lr-multiplier').press('Enter')
  await expect(page.getByTestId(`shape-${headId}`)).toContainText('4')

  // freeze everything before it from the canvas menu
  await head.click({ button: 'right' })
  await page.getByTestId('menu-freeze-before').click()
  await expect(page.locator('[data-testid^="frozen-"]')).toHaveCount(2)
  await expect(page.locator('.layer-node.frozen')).not.toHaveCount(0)
  await expect(page.getByTestId(`frozen-${headId}`)).toHaveCount(0)

  await page.getByTestId('tab-data').click()
  await page.getByTestId('dataset').selectOption('plaids')

  await page.getByTestId('tab-training').click()
  // the imported model is what the run starts from
  await expect(page.getByTestId('train-start-from').locator('option:checked')).toContainText('gratings.onnx')
  await page.getByTestId('train-epochs').fill('2')
  await page.getByTestId('train-start').click()
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'finished', {
    timeout: 150_000,
  })
  const report = page.getByTestId('transfer-report')
  await expect(report).toContainText('Weights from gratings.onnx')
  await expect(report).toContainText('2 nodes loaded (5,088 numbers)')
  await expect(page.getByTestId(`transfer-new-${headId}`)).toContainText('shape changed')
  await report.scrollIntoViewIfNeeded()
  await page.screenshot({ path: path.join(shots, 'finetune-report.png') })
})
