/**
 * UNet++ opens as its own drawing: the X(i, j) grid (column by j, row by depth i) with the nodes'
 * names on them, no node over another, no edge label over a node or another label; flowing left
 * to right transposes it. Long names are cut with "…" inside the card, whole in their tooltip; the
 * Summary names UNet++'s blocks by kind and label.
 */
import { expect, test, type Page } from '@playwright/test'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('architecture-layout')

type Box = { x: number; y: number; width: number; height: number }
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
const centre = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 })

/** The X(i, j) nodes' boxes in flow coordinates (independent of zoom and scroll). */
async function gridNodes(page: Page) {
  return page.evaluate(() => {
    const out: Record<string, { x: number; y: number; width: number; height: number; name: string }> = {}
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.react-flow__node'))) {
      const id = el.dataset.id!
      if (!/^x\d_\d$/.test(id)) continue
      const m = new DOMMatrix(getComputedStyle(el).transform)
      out[id] = {
        x: m.e,
        y: m.f,
        width: el.offsetWidth,
        height: el.offsetHeight,
        name: el.querySelector(`[data-testid="name-${id}"]`)?.textContent ?? '',
      }
    }
    return out
  })
}

async function zoomToOne(page: Page) {
  const zoom = () =>
    page.locator('.react-flow__viewport').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a)
  for (let i = 0; i < 10 && (await zoom()) < 0.99; i++) {
    await page.locator('.react-flow__controls-zoomin').click()
    await page.waitForTimeout(250)
  }
}

/** On screen: no node box over another, no drawn edge label over a node or another label. */
async function expectNothingCovered(page: Page) {
  const nodes = await page.locator('.react-flow__node').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect()
      return { id: (e as HTMLElement).dataset.id!, x: r.x, y: r.y, width: r.width, height: r.height }
    }),
  )
  const labels = await page.locator('.react-flow__edge-textwrapper').evaluateAll((els) =>
    els
      .filter((e) => (e as SVGGElement).getAttribute('visibility') !== 'hidden')
      .map((e) => {
        const r = e.getBoundingClientRect()
        return { x: r.x, y: r.y, width: r.width, height: r.height }
      }),
  )
  expect(nodes.length).toBeGreaterThan(5)
  expect(labels.length).toBeGreaterThan(5)
  for (const a of nodes)
    for (const b of nodes) if (a.id < b.id) expect(overlap(a, b), `${a.id} over ${b.id}`).toBe(false)
  for (const [i, l] of labels.entries()) {
    for (const n of nodes) expect(overlap(l, n), `a label over ${n.id}`).toBe(false)
    for (const m of labels.slice(i + 1)) expect(overlap(l, m), 'two labels overlap').toBe(false)
  }
}

test('UNet++ opens as its nested X(i, j) grid, named, with nothing covered', async ({ page }) => {
  await openApp(page, app())
  await page.getByTestId('preset-UNet++').click()
  await page.waitForTimeout(800)
  await page.screenshot({ path: path.join(shots, 'unetpp-grid-open.png') })
  // the grid opens at a readable zoom, its start in view; fitted, every node is drawn
  await page.locator('.react-flow__controls-fitview').click()
  await page.waitForTimeout(400)
  const g = await gridNodes(page)
  expect(Object.keys(g).length).toBe(15)
  for (let i = 0; i <= 4; i++)
    for (let j = 0; i + j <= 4; j++) {
      const here = centre(g[`x${i}_${j}`])
      expect(g[`x${i}_${j}`].name).toMatch(new RegExp(`^X\\(${i},${j}\\) \\d+$`))
      if (j > 0) {
        expect(here.x).toBeGreaterThan(centre(g[`x${i}_${j - 1}`]).x + 100)
        expect(Math.abs(here.y - centre(g[`x${i}_0`]).y)).toBeLessThan(2)
      }
      if (i > 0) {
        expect(here.y).toBeGreaterThan(centre(g[`x${i - 1}_${j}`]).y + 100)
        // (as it opens, before any card is measured, a column's cards line up on their left edges)
        expect(Math.abs(here.x - centre(g[`x0_${j}`]).x)).toBeLessThan(10)
      }
    }
  await zoomToOne(page)
  await expectNothingCovered(page)
  await page.screenshot({ path: path.join(shots, 'unetpp-grid-labels.png') })

  // the Summary names the blocks by kind, with their labels
  await page.getByTestId('tab-summary').click()
  const row = page.getByTestId('summary').locator('tr', { hasText: 'x1_2' })
  await expect(row).toContainText('X(1,2) 64')
  await expect(row).toContainText('Block DoubleConv')
  await expect(page.getByTestId('summary').locator('td', { hasText: /^node$/ })).toHaveCount(0)
  await page.getByTestId('language').selectOption('zh-CN')
  await expect(row).toContainText('块 DoubleConv')
})

test('zoomed out, a closed block shows its whole name beside its open/close button', async ({ page }) => {
  await openApp(page, app())
  await page.getByTestId('preset-UNet++').click()
  await page.waitForTimeout(600)
  const face = page.getByTestId('node-x2_1').locator('.layer-lod b')
  await expect(face).toBeVisible()
  await expect(face).toHaveText('X(2,1) 128')
  const fit = await face.evaluate((el) => {
    const toggle = el.closest('.layer-node')!.querySelector('.block-toggle')!.getBoundingClientRect()
    const shape = el.nextElementSibling!
    return {
      cut: el.scrollWidth > el.clientWidth,
      clear: el.getBoundingClientRect().right <= toggle.left + 1,
      shapeCut: shape.scrollWidth > shape.clientWidth,
    }
  })
  expect(fit).toEqual({ cut: false, clear: true, shapeCut: false })
})

test('flowing left to right transposes the grid, still with nothing covered', async ({ page }) => {
  await openApp(page, app())
  await page.getByTestId('preset-UNet++').click()
  await page.waitForTimeout(500)
  await page.getByTestId('flow-direction').selectOption('right')
  // the layout runs again, turned: depth now grows to the right
  await expect
    .poll(
      async () => {
        const g = await gridNodes(page)
        return g.x1_0 && g.x0_0 ? g.x1_0.x - g.x0_0.x : 0
      },
      { timeout: 15_000 },
    )
    .toBeGreaterThan(100)
  await page.screenshot({ path: path.join(shots, 'unetpp-grid-right-open.png') })
  await page.locator('.react-flow__controls-fitview').click()
  await page.waitForTimeout(400)
  const g = await gridNodes(page)
  for (let i = 1; i <= 4; i++)
    expect(centre(g[`x${i}_0`]).x).toBeGreaterThan(centre(g[`x${i - 1}_0`]).x + 100)
  for (let j = 1; j <= 4; j++) expect(centre(g[`x0_${j}`]).y).toBeGreaterThan(centre(g[`x0_${j - 1}`]).y + 50)
  await zoomToOne(page)
  await expectNothingCovered(page)
  await page.screenshot({ path: path.join(shots, 'unetpp-grid-right.png') })
})

test('long names are cut with … inside the card, whole in the tooltip', async ({ page }) => {
  await openApp(page, app())
  await page.getByTestId('preset-GoogLeNet').click()
  await page.waitForTimeout(600)
  await zoomToOne(page)
  const name = page.getByTestId('name-inc3a')
  await expect(name).toHaveAttribute('title', 'Inception 3a (256 channels) (inc3a)')
  const fit = await name.evaluate((el) => ({
    cut: el.scrollWidth > el.clientWidth,
    overflow: getComputedStyle(el).textOverflow,
    inside: el.getBoundingClientRect().right <= el.closest('.layer-node')!.getBoundingClientRect().right,
    card: (el.closest('.layer-node') as HTMLElement).offsetWidth,
  }))
  expect(fit).toMatchObject({ cut: true, overflow: 'ellipsis', inside: true })
  expect(fit.card).toBeLessThanOrEqual(220)
})

test('a preset without layout hints opens flowing left to right when that is the chosen direction', async ({
  page,
}) => {
  await openApp(page, app())
  await page.getByTestId('flow-direction').selectOption('right')
  // turning the starting graph was an edit: loading over it asks first
  page.once('dialog', (d) => void d.accept())
  await page.getByTestId('preset-LeNet-5').click()
  // the preset loads once elk has laid it out: then the whole of it is brought into view
  await expect(page.locator('.react-flow__node[data-id="conv1"]')).toHaveCount(1)
  await page.waitForTimeout(300)
  await page.locator('.react-flow__controls-fitview').click()
  const xs = async () =>
    page
      .locator('.react-flow__node')
      .evaluateAll((els) =>
        Object.fromEntries(els.map((e) => [(e as HTMLElement).dataset.id, e.getBoundingClientRect().x])),
      )
  await expect
    .poll(async () => {
      const x = await xs()
      return x.in < x.conv1 && x.conv1 < x.pool2 && x.pool2 < x.fc3
    })
    .toBe(true)
  // one load, one history entry: a single undo goes back to before the preset, not to it laid out down
  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(page.locator('.react-flow__node[data-id="conv1"]')).toHaveCount(0)
})
