import { expect, test, type Page } from '@playwright/test'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PNG } from 'pngjs'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('shell')

async function open(page: Page) {
  await openApp(page, app())
}

test('unsaved changes are marked, saved with Ctrl+S, and never replaced without asking', async ({ page }) => {
  await open(page)
  await page.getByTestId('preset-MLP 784-256-10').click()
  await expect(page.getByTestId('dirty')).toHaveCount(0)
  // an edit marks the graph dirty
  await page.getByTestId('tab-data').click()
  await page.getByTestId('dataset-limit').fill('500')
  await expect(page.getByTestId('dirty')).toBeVisible()
  // refusing the question keeps the edited graph
  const questions: string[] = []
  page.once('dialog', (d) => {
    questions.push(d.message())
    void d.dismiss()
  })
  await page.getByTestId('tab-presets').click()
  await page.getByTestId('preset-LeNet-5').click()
  expect(questions[0]).toContain('unsaved changes')
  await expect(page.getByTestId('node-conv1')).toHaveCount(0)
  // Ctrl+S saves under the graph's name; the mark goes away and the project is listed
  await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('Control+s')
  await expect(page.getByTestId('dirty')).toHaveCount(0)
  await page.getByTestId('tab-projects').click()
  const name = (await page.getByTestId('doc-name').textContent())!.trim()
  await expect(page.getByTestId(`project-open-${name}`)).toBeVisible()
  // undoing back to the saved state is clean again; a clean graph is replaced without a question
  await page.getByTestId('tab-presets').click()
  await page.getByTestId('preset-LeNet-5').click()
  await expect(page.getByTestId('node-conv1')).toBeVisible()
  await page.getByTestId('cmd-new').click()
  await expect(page.getByTestId('node-conv1')).toHaveCount(0)
})

test('upload a CSV and preview it; a broken CSV names its file and row', async ({ page }) => {
  await open(page)
  const dir = mkdtempSync(path.join(tmpdir(), 'dw-csv-'))
  // two separable classes on two features
  const rows = Array.from({ length: 200 }, (_, i) => {
    const c = i % 2
    return `${(c * 2 + Math.sin(i)).toFixed(3)},${(c * 2 + Math.cos(i)).toFixed(3)},${c ? 'yes' : 'no'}`
  })
  writeFileSync(path.join(dir, 'points.csv'), ['x1,x2,label', ...rows].join('\n'))
  writeFileSync(path.join(dir, 'broken.csv'), 'x1,x2,label\n1,2,yes\n3,oops\n')
  await page.getByTestId('tab-data').click()
  await page.getByTestId('dataset').selectOption('csv')
  await page.getByTestId('dataset-file').setInputFiles(path.join(dir, 'broken.csv'))
  await expect(page.getByTestId('data-error')).toContainText('broken.csv')
  await expect(page.getByTestId('data-error')).toContainText('imported:broken/broken.csv, line 3')
  await page.getByTestId('dataset-file').setInputFiles(path.join(dir, 'points.csv'))
  await expect(page.getByTestId('import-note')).toContainText('imported:points')
  await expect(page.getByTestId('samples')).toContainText('→ yes')
  await expect(page.getByTestId('data')).toContainText('200 samples')
  await page.screenshot({ path: path.join(shots, 'data-csv.png') })
})

test('upload an image folder with one sub-folder per class', async ({ page }) => {
  await open(page)
  const root = path.join(mkdtempSync(path.join(tmpdir(), 'dw-img-')), 'shapes')
  for (const cls of ['dark', 'light']) {
    mkdirSync(path.join(root, cls), { recursive: true })
    for (let i = 0; i < 3; i++) {
      const img = new PNG({ width: 8, height: 8 })
      img.data.fill(cls === 'dark' ? 30 + i : 220 - i)
      writeFileSync(path.join(root, cls, `${i}.png`), PNG.sync.write(img))
    }
  }
  writeFileSync(path.join(root, 'notes.txt'), 'not a picture')
  await page.getByTestId('tab-data').click()
  await page.getByTestId('dataset').selectOption('images')
  await page.getByTestId('dataset-file').setInputFiles(root)
  await expect(page.getByTestId('import-note')).toContainText('6')
  await expect(page.getByTestId('samples').locator('canvas')).toHaveCount(6)
  await expect(page.getByTestId('samples')).toContainText('light')
  await expect(page.getByTestId('augment-flip')).toBeVisible()
})
