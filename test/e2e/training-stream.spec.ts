import { expect, test, type Page } from '@playwright/test'
import type { TrainEvent } from '../../engine/protocol'
import { throttleBatches } from '../../engine/node/throttle'
import { openApp, useWebApp } from './web-app'

const app = useWebApp('stream')

/** Coloured pixels of the loss chart: the legend's two marks, plus the curves once drawn. */
const ink = (page: Page) =>
  page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('[data-testid="loss-chart"] canvas')!
    const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
    let n = 0
    for (let i = 0; i < px.length; i += 4)
      if (Math.max(px[i], px[i + 1], px[i + 2]) - Math.min(px[i], px[i + 1], px[i + 2]) > 60) n++
    return n
  })

const painted = (page: Page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))

test('a fast run reaches the loss chart through the throttle: latest batch, every epoch end, curves kept across a language switch', async ({
  page,
}) => {
  const received: { runId: string; event: TrainEvent }[] = []
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) => {
      const msg = JSON.parse(String(f.payload)) as { push?: string; payload?: (typeof received)[number] }
      if (msg.push === 'train:event' && msg.payload) received.push(msg.payload)
    }),
  )
  await openApp(page, app())
  await page.getByTestId('preset-XOR MLP').click()
  await page.getByTestId('tab-training').click()
  await painted(page)
  const legendOnly = await ink(page)
  await page.getByTestId('train-batch-size').fill('1')
  await page.getByTestId('train-epochs').fill('100000')
  await page.getByTestId('train-start').click()
  const chart = page.getByTestId('loss-chart')
  await expect
    .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 60_000 })
    .toBeGreaterThan(10)
  await page.getByTestId('train-pause').click()
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'paused')
  await painted(page)
  const drawn = await ink(page)
  // the curve adds many coloured pixels to the legend's marks
  expect(drawn).toBeGreaterThan(legendOnly + 200)

  // 1,000 batch events with 5 epoch ends in a burst, as a fast engine sends them
  const runId = received.find((r) => r.event.type === 'run-started')!.runId
  const epochEnd = received.findLast((r) => r.event.type === 'epoch-end')?.event
  expect(epochEnd?.type).toBe('epoch-end')
  if (epochEnd?.type !== 'epoch-end') return
  const before = received.length
  const points = Number(await chart.getAttribute('data-points'))
  const forward = throttleBatches((event) => app().push('train:event', { runId, event }))
  const first = epochEnd.epoch + 1
  for (let i = 1; i <= 1000; i++) {
    const epoch = first + Math.floor((i - 1) / 200)
    const batch = ((i - 1) % 200) + 1
    forward({
      type: 'batch-end',
      epoch,
      batch,
      batches: 200,
      loss: 0.1,
      metrics: {},
      samplesPerSec: 1,
      lr: 0.1,
    })
    if (batch === 200) forward({ ...epochEnd, epoch, valLoss: 0.05 })
  }
  const last = first + 4
  await expect(page.getByTestId('epoch-views')).toHaveAttribute('data-epoch', String(last))
  const burst = received.slice(before)
  // every epoch end arrives; of the batch events only a few, the last of each epoch among them
  expect(
    burst.filter((r) => r.event.type === 'epoch-end').map((r) => (r.event as { epoch: number }).epoch),
  ).toEqual([0, 1, 2, 3, 4].map((k) => first + k))
  const batches = burst.filter((r) => r.event.type === 'batch-end')
  expect(batches.length).toBeLessThanOrEqual(10)
  expect(batches.at(-1)!.event).toMatchObject({ epoch: last, batch: 200 })
  await expect(chart).toHaveAttribute('data-points', String(points + batches.length))

  // a new language replaces the chart's frame: the curves must be merged into it again
  await page.getByTestId('language').selectOption('zh-CN')
  await expect(page.getByTestId('tab-training')).toHaveText('训练')
  await painted(page)
  expect(await ink(page)).toBeGreaterThan(legendOnly + 200)
  await page.getByTestId('train-stop').click()
})
