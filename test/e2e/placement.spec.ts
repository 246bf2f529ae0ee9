/** New nodes land on free ground; auto-layout never piles nodes up and shows the whole graph. */
import { expect, test, type Page } from '@playwright/test'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('placement')

/** The drawn boxes of the canvas's nodes, after React Flow has settled. */
async function boxes(page: Page) {
  await page.waitForTimeout(300)
  return page.locator('.react-flow__node').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect()
      return { id: el.getAttribute('data-id')!, x: r.x, y: r.y, w: r.width, h: r.height }
    }),
  )
}

async function expectNoOverlap(page: Page) {
  const all = await boxes(page)
  for (const a of all)
    for (const b of all)
      if (a.id < b.id) {
        const hit = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
        expect(hit, `${a.id} overlaps ${b.id}`).toBe(false)
      }
  return all
}

test('palette clicks place each new node on free ground near the view or the selection', async ({ page }) => {
  await openApp(page, app())
  await page.getByTestId('preset-MLP 784-256-10').click()
  await expect(page.getByTestId('node-hidden')).toBeVisible()
  await page.getByTestId('palette-Dense').click()
  await page.getByTestId('palette-Dense').click()
  await page.getByTestId('palette-Dropout').click()
  await expect(page.locator('.react-flow__node')).toHaveCount(7)
  await expectNoOverlap(page)
  // with a node selected, the next one goes to the free place nearest to just below it
  await page.getByTestId('node-in').click()
  await page.getByTestId('palette-ReLU').click()
  const all = await expectNoOverlap(page)
  const input = all.find((b) => b.id === 'in')!
  const added = all.find((b) => b.id.startsWith('relu'))!
  expect(Math.hypot(added.x - input.x, added.y - input.y)).toBeLessThan(400)
})

test('auto-layout separates unconnected nodes and brings the whole graph into view', async ({ page }) => {
  await openApp(page, app())
  await page.getByTestId('preset-MLP 784-256-10').click()
  await page.getByTestId('node-flatten').click()
  await page.keyboard.press('Delete')
  // Flatten back, on no edge: it and Input both show an error, which makes them larger
  await page.getByTestId('palette-Flatten').click()
  await page.getByTestId('palette-Dense').click()
  await page.getByRole('button', { name: 'Auto-layout' }).click()
  const all = await expectNoOverlap(page)
  const canvas = (await page.getByTestId('canvas').boundingBox())!
  for (const b of all) {
    expect(b.x).toBeGreaterThanOrEqual(canvas.x)
    expect(b.y).toBeGreaterThanOrEqual(canvas.y)
    expect(b.x + b.w).toBeLessThanOrEqual(canvas.x + canvas.width)
    expect(b.y + b.h).toBeLessThanOrEqual(canvas.y + canvas.height)
  }
  await page.screenshot({ path: path.join(shots, 'auto-layout.png') })
})

test('the layout direction turns the flow left to right, wires attach at the sides, and it is remembered', async ({
  page,
}) => {
  await openApp(page, app())
  await page.getByTestId('preset-MLP 784-256-10').click()
  await expect(page.getByTestId('node-hidden')).toBeVisible()
  await page.getByTestId('flow-direction').selectOption('right')
  // the chain in → flatten → hidden → out now runs along x, on one row
  await expect
    .poll(async () => {
      const b = await boxes(page)
      const at = (id: string) => b.find((n) => n.id === id)!
      return at('in').x < at('flatten').x && at('flatten').x < at('hidden').x && at('hidden').x < at('out').x
    })
    .toBe(true)
  const row = await expectNoOverlap(page)
  const ys = row.map((b) => b.y + b.h / 2)
  expect(Math.max(...ys) - Math.min(...ys)).toBeLessThan(80)
  await expect(page.getByTestId('node-hidden').locator('.react-flow__handle-left')).toHaveCount(1)
  await expect(page.getByTestId('node-hidden').locator('.react-flow__handle-right')).toHaveCount(1)
  await page.screenshot({ path: path.join(shots, 'layout-left-to-right.png') })
  await page.reload()
  await expect(page.getByTestId('flow-direction')).toHaveValue('right')
  await page.getByTestId('flow-direction').selectOption('down')
  await expect(page.getByTestId('node-hidden').locator('.react-flow__handle-bottom')).toHaveCount(1)
})
