/**
 * A newcomer's first mistakes: a graph with problems says why Train is unavailable and leads
 * to each problem's node, graph-level problems are listed too, and a run says what it is doing
 * from the moment Train is pressed, with its figures labelled.
 */
import { expect, test, type Page } from '@playwright/test'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('newcomer')

async function loadMlp(page: Page) {
  await openApp(page, app())
  await page.getByTestId('preset-MLP 784-256-10').click()
  await expect(page.getByTestId('node-hidden')).toBeVisible()
}

test('Train on a broken graph says why and leads to the node at fault', async ({ page }) => {
  await loadMlp(page)
  await page.getByTestId('node-flatten').click()
  await page.keyboard.press('Delete')
  await expect(page.getByTestId('node-flatten')).toHaveCount(0)
  await page.getByTestId('tab-training').click()
  const train = page.getByTestId('train-start')
  await expect(train).toBeDisabled()
  await expect(train).toHaveAttribute('title', /until the graph has no problems/)
  const blocked = page.getByTestId('train-blocked')
  await expect(blocked).toBeVisible()
  // every counted problem is listed with its message, not only counted
  const problems = blocked.getByTestId('problem')
  await expect(problems.first()).toBeVisible()
  const count = Number(
    (await blocked.getByTestId('problems').locator('p').first().innerText()).match(/\d+/)![0],
  )
  await expect(problems).toHaveCount(Math.min(count, 5))
  await expect(blocked).toContainText('hidden: Dense needs 1 input(s) but has 0')
  await page.screenshot({ path: path.join(shots, 'train-blocked.png') })
  // the problem's node link selects that node: the inspector shows it
  await blocked.getByTestId('problem-node').filter({ hasText: 'hidden' }).first().click()
  await expect(page.getByTestId('rename')).toHaveValue('hidden')
})

test('a graph-level problem (too many parameters) is listed in the Summary, not only counted', async ({
  page,
}) => {
  await loadMlp(page)
  await page.getByTestId('node-hidden').click()
  const units = page.getByTestId('param-units').locator('input')
  await units.fill('1000000')
  await units.press('Enter')
  await page.getByTestId('tab-summary').click()
  const problems = page.getByTestId('problems')
  await expect(problems).toContainText('1 problem(s)')
  await expect(problems.getByTestId('problem')).toHaveCount(1)
  await expect(problems.getByTestId('problem')).toContainText(/parameters, more than the/)
})

test('a run says what it is doing before the first batch and labels its figures', async ({ page }) => {
  await loadMlp(page)
  await page.getByTestId('tab-training').click()
  await page.getByTestId('train-epochs').fill('1')
  await page.getByTestId('train-limit').fill('2000')
  await page.getByTestId('train-start').click()
  // from the click on, never a blank status: the engine's start-up phases are named
  await expect(page.getByTestId('training-phase')).toBeVisible()
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'finished', {
    timeout: 120_000,
  })
  const last = page.getByTestId('training-last-epoch')
  await expect(last).toContainText(
    /Loss \d\.\d{3} · Validation loss \d\.\d{3} · Validation accuracy \d\.\d{3}/,
  )
  // a second run starts clean: nothing of the first run's progress shows
  await page.getByTestId('train-start').click()
  await expect(page.getByTestId('training-status')).not.toContainText('Epoch 1 of 1')
  await expect(page.getByTestId('training-last-epoch')).toHaveCount(0)
  await page.getByTestId('train-stop').click()
})

test('Delete then one Ctrl+Z brings back the node with its connections', async ({ page }) => {
  await openApp(page, app())
  await page.getByTestId('preset-XOR MLP').click()
  const edges = page.locator('.react-flow__edge')
  await expect(page.getByTestId('node-hidden')).toBeVisible()
  const before = await edges.count()
  expect(before).toBeGreaterThan(1)
  await page.getByTestId('node-hidden').click()
  await page.keyboard.press('Delete')
  await expect(page.getByTestId('node-hidden')).toHaveCount(0)
  await expect(edges).toHaveCount(before - 2)
  await page.keyboard.press('Control+z')
  await expect(page.getByTestId('node-hidden')).toBeVisible()
  await expect(edges).toHaveCount(before)
  // and one redo removes both again
  await page.keyboard.press('Control+Shift+z')
  await expect(page.getByTestId('node-hidden')).toHaveCount(0)
  await expect(edges).toHaveCount(before - 2)
})

test('the device picker says what Auto uses and why the GPU is unavailable here', async ({ page }) => {
  await loadMlp(page)
  await page.getByTestId('tab-training').click()
  const picker = page.getByTestId('train-device')
  await expect(picker).toHaveValue('auto')
  // this machine has no hardware GPU (at most a software Vulkan): the engine's reason is shown
  await expect(page.getByTestId('train-device-note')).toContainText('Auto uses the CPU (WebAssembly) here', {
    timeout: 30_000,
  })
  await expect(page.getByTestId('train-gpu-note')).toContainText(/adapter|Vulkan|software/)
  await expect(picker.locator('option[value="gpu"]')).toBeDisabled()
  await picker.selectOption('cpu')
  await page.getByTestId('train-epochs').fill('1')
  await page.getByTestId('train-limit').fill('1000')
  await page.getByTestId('train-start').click()
  await expect(page.getByTestId('training-backend')).toContainText('wasm', { timeout: 60_000 })
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'finished', {
    timeout: 60_000,
  })
})

test('the app loads with no refused resource and no missing file (fonts, favicon)', async ({ page }) => {
  const refused: string[] = []
  page.on('console', (m) => /Content Security Policy|Refused to/.test(m.text()) && refused.push(m.text()))
  page.on('response', (r) => r.status() >= 400 && refused.push(`${r.status()} ${r.url()}`))
  await loadMlp(page)
  // a formula set in KaTeX's own fonts
  await page.getByTestId('node-hidden').click()
  await expect(page.locator('.katex').first()).toBeVisible()
  await page.evaluate(() => document.fonts.ready)
  expect(refused).toEqual([])
})

test('in Chinese, the presets, a finished run and its figures carry no English words', async ({ page }) => {
  await openApp(page, app())
  await page.getByTestId('language').selectOption('zh-CN')
  const english = /\b(classification|regression|segmentation|completed|stopped|accuracy|epoch|loss)\b/i
  await expect(page.getByTestId('preset-MLP 784-256-10')).toBeVisible()
  // preset names are the architectures' own names; what the app says about them is translated
  const tasks = await page.locator('.preset-task').allInnerTexts()
  expect(tasks.length).toBeGreaterThan(10)
  expect(tasks.join(' ')).not.toMatch(english)
  await page.getByTestId('preset-MLP 784-256-10').click()
  await page.getByTestId('tab-training').click()
  await page.getByTestId('train-epochs').fill('1')
  await page.getByTestId('train-limit').fill('1000')
  await page.getByTestId('train-start').click()
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'finished', {
    timeout: 120_000,
  })
  expect(await page.getByTestId('training-status').innerText()).not.toMatch(english)
  await page.screenshot({ path: path.join(shots, 'chinese-training.png') })
})
