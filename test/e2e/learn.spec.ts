import { expect, test, type Page } from '@playwright/test'
import { copyFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

const readme = path.resolve('resources/screenshots')
const app = useWebApp('learn', () => mkdirSync(shots, { recursive: true }))
const open = (page: Page) => openApp(page, app())

const num = async (page: Page, testId: string, attr: string) =>
  Number(await page.getByTestId(testId).getAttribute(attr))

async function shoot(page: Page, name: string, forReadme = false) {
  await page.screenshot({ path: path.join(shots, name) })
  if (forReadme) copyFileSync(path.join(shots, name), path.join(readme, name))
}

test('gradient descent lessons: step, play, compare rates, switch data and method', async ({ page }) => {
  await open(page)
  await page.getByTestId('tab-learn').click()
  await expect(page.getByTestId('learn')).toBeVisible()

  // stepping moves the point downhill on the full-data loss
  const start = await num(page, 'gd-stats', 'data-loss')
  for (let i = 0; i < 3; i++) await page.getByTestId('gd-step').click()
  await expect(page.getByTestId('gd-step-count')).toHaveAttribute('data-step', '3')
  const after3 = await num(page, 'gd-stats', 'data-loss')
  expect(after3).toBeLessThan(start)
  await page.getByTestId('gd-reset').click()
  await expect(page.getByTestId('gd-step-count')).toHaveAttribute('data-step', '0')
  expect(await num(page, 'gd-stats', 'data-loss')).toBe(start)

  // mini-batch path played to the end lands near the least-squares optimum (w ≈ 1.96, b ≈ −0.95)
  await page.getByTestId('gd-mode').selectOption('minibatch')
  await page.getByTestId('gd-play').click()
  await expect(page.getByTestId('gd-step-count')).toHaveAttribute('data-step', '60', { timeout: 20_000 })
  expect(await num(page, 'gd-stats', 'data-loss')).toBeLessThan(start / 5)
  expect(await num(page, 'gd-stats', 'data-w')).toBeGreaterThan(1)
  await shoot(page, 'learn-gd.png', true)

  // SGD and a higher learning rate give a different path from the same start
  const miniW = await num(page, 'gd-stats', 'data-w')
  await page.getByTestId('gd-mode').selectOption('sgd')
  await page.getByTestId('gd-step').click()
  await page.getByTestId('gd-step').click()
  expect(await num(page, 'gd-stats', 'data-w')).not.toBe(miniW)

  // Boston housing: one standardised feature, loaded on demand
  await page.getByTestId('gd-source').selectOption('boston')
  await page.getByTestId('gd-feature').selectOption('rm')
  await expect(page.getByTestId('gd-stats')).toContainText('w =')
  const bostonStart = await num(page, 'gd-stats', 'data-loss')
  for (let i = 0; i < 5; i++) await page.getByTestId('gd-step').click()
  expect(await num(page, 'gd-stats', 'data-loss')).toBeLessThan(bostonStart)

  // three learning rates side by side: too small crawls, good converges, too large diverges
  await page.getByTestId('lesson-rates').click()
  const initial = await num(page, 'rates-stats-good', 'data-loss')
  await page.getByTestId('rates-play').click()
  await expect(page.getByTestId('rates-step-count')).toHaveAttribute('data-step', '40', { timeout: 20_000 })
  const [small, good, large] = [
    await num(page, 'rates-stats-small', 'data-loss'),
    await num(page, 'rates-stats-good', 'data-loss'),
    await num(page, 'rates-stats-large', 'data-loss'),
  ]
  expect(good).toBeLessThan(initial / 5)
  expect(small).toBeGreaterThan(good * 3)
  expect(large).toBeGreaterThan(initial)
  await shoot(page, 'learn-lr.png', true)
})

test('momentum and Adam on a non-convex curve, under/over-fitting, weight decay and dropout', async ({
  page,
}) => {
  await open(page)
  await page.getByTestId('tab-learn').click()
  await page.getByTestId('lesson-nonconvex').click()
  const w0 = await num(page, 'nc-momentum', 'data-w')
  expect(w0).toBe(2)
  await page.getByTestId('nc-step').click()
  expect(await num(page, 'nc-momentum', 'data-w')).toBeLessThan(2)
  await page.getByTestId('nc-play').click()
  await expect(page.getByTestId('nc-step-count')).toHaveAttribute('data-step', '80', { timeout: 20_000 })
  // GD stalls near the flat stretch at 0; momentum and Adam reach the valley at w ≈ −2.29
  expect(await num(page, 'nc-gd', 'data-w')).toBeGreaterThan(0)
  expect(await num(page, 'nc-momentum', 'data-w')).toBeLessThan(-2)
  expect(await num(page, 'nc-adam', 'data-w')).toBeLessThan(-2)
  await shoot(page, 'learn-nonconvex.png')

  await page.getByTestId('lesson-poly').click()
  const cubicVal = await num(page, 'poly-stats', 'data-val')
  await page.getByTestId('poly-degree').fill('12')
  await expect(page.getByTestId('poly-stats')).toContainText('12')
  const overVal = await num(page, 'poly-stats', 'data-val')
  const overTrain = await num(page, 'poly-stats', 'data-train')
  expect(overVal).toBeGreaterThan(cubicVal * 10)
  await shoot(page, 'learn-poly-overfit.png')
  // weight decay λ = 1e-3 (slider position 3) tames the degree-12 fit
  await page.getByTestId('poly-decay').fill('3')
  await expect(page.getByTestId('poly-stats')).not.toHaveAttribute('data-val', String(overVal))
  expect(await num(page, 'poly-stats', 'data-val')).toBeLessThan(overVal / 10)
  expect(await num(page, 'poly-stats', 'data-train')).toBeGreaterThan(overTrain)
  await shoot(page, 'learn-poly.png', true)

  await page.getByTestId('lesson-dropout').click()
  await expect(page.getByTestId('dropout-stats')).toHaveAttribute('data-runs', '0')
  await page.getByTestId('dropout-train').click()
  await expect(page.getByTestId('dropout-stats')).toHaveAttribute('data-runs', '2', { timeout: 30_000 })
  const [plain, dropped] = await page
    .getByTestId('dropout-stats')
    .locator('div')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-train'))))
  // dropout keeps the network from matching its 15 training points as closely
  expect(dropped).toBeGreaterThan(plain)
  await shoot(page, 'learn-dropout.png')

  // the lessons speak Chinese too
  await page.getByTestId('language').selectOption('zh-CN')
  await expect(page.getByTestId('lesson-gd')).toHaveText('梯度下降')
  await expect(page.getByTestId('tab-learn')).toHaveText('学习')
  await expect(page.getByTestId('learn')).toContainText('暂退法')
})

test('palette hover and inspector show the layer formula and explanation', async ({ page }) => {
  await open(page)
  await page.getByTestId('palette-Conv2D').hover()
  const tip = page.getByTestId('palette-tip')
  await expect(tip).toBeVisible()
  await expect(tip.locator('.katex')).toBeVisible()
  await expect(tip).toContainText('filters')
  await shoot(page, 'palette-formula.png')

  // selecting a node of a preset: the inspector explains that layer above its parameters
  await page.getByTestId('preset-LeNet-5').click()
  await page.getByTestId('node-conv1').click()
  const doc = page.getByTestId('inspector-doc')
  await expect(doc.locator('.katex')).toBeVisible()
  await expect(doc).toContainText('filters')
  await page.mouse.move(700, 780)
  await shoot(page, 'inspector-formula.png')

  await page.getByTestId('language').selectOption('zh-CN')
  await expect(doc).toContainText('卷积核')
  await page.getByTestId('palette-Dense').focus()
  await expect(page.getByTestId('palette-tip')).toContainText('全连接层')
})
