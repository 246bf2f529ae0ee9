import { expect, test, type Page } from '@playwright/test'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseGraph } from '../../engine/graph/parse'
import { inlineAll } from '../../renderer/src/store/block-ops'
import { setParam } from '../../renderer/src/store/doc-ops'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('large-canvas', (dataDir) => {
  // DenseNet with 24 conv blocks per dense block, every block inlined: 300+ plain layers
  const r = parseGraph(JSON.parse(readFileSync('presets/densenet.json', 'utf8')))
  if (!r.ok) throw new Error(r.errors[0].message)
  let doc = r.doc
  for (const id of ['dense1', 'dense2', 'dense3', 'dense4']) doc = setParam(doc, id, 'convs', 24)
  const flat = { ...inlineAll(doc), name: 'dense-flat' }
  mkdirSync(path.join(dataDir, 'projects'), { recursive: true })
  writeFileSync(
    path.join(dataDir, 'projects', 'dense-flat.deepwire.json'),
    JSON.stringify({ format: 'deepwire-project', version: 1, graph: flat }),
  )
})

const viewport = (page: Page) =>
  page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform)

test('a graph of 300+ layers gets the sketch minimap: it shows the view and a click there moves the view', async ({
  page,
}) => {
  await openApp(page, app())
  // a small graph keeps React Flow's own minimap
  await page.getByTestId('preset-XOR MLP').click()
  await expect(page.locator('.react-flow__minimap')).toBeVisible()
  await expect(page.getByTestId('sketch-map')).toHaveCount(0)

  await page.getByTestId('tab-projects').click()
  await page.getByTestId('project-open-dense-flat').click()
  const map = page.getByTestId('sketch-map')
  await expect(map).toBeVisible()
  await expect(page.locator('.react-flow__minimap')).toHaveCount(0)
  // one path holds every layer: a rectangle ('M…z') per plain layer
  const rects = await map
    .locator('.sketch-map-nodes')
    .evaluate((p) => p.getAttribute('d')!.split('z').length - 1)
  expect(rects).toBeGreaterThan(300)

  await page.locator('.react-flow__controls-fitview').click()
  await page.waitForTimeout(300)
  const before = await viewport(page)
  const frame = map.locator('.sketch-map-view')
  const frameBefore = await frame.boundingBox()
  // zoom in, then click the map's top-left corner: the view moves to the graph's start
  for (let i = 0; i < 5; i++) {
    await page.mouse.move(640, 400)
    await page.mouse.wheel(0, -200)
  }
  await expect.poll(() => viewport(page)).not.toBe(before)
  const box = (await map.locator('svg').boundingBox())!
  await page.mouse.click(box.x + 8, box.y + 8)
  const after = await frame.boundingBox()
  expect(after!.width).toBeLessThan(frameBefore!.width)
  // the frame of the visible area is now centred near where the map was clicked
  expect(Math.abs(after!.x + after!.width / 2 - (box.x + 8))).toBeLessThan(12)
  await page.screenshot({ path: path.join(shots, 'sketch-map.png') })
})
