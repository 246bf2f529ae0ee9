import { describe, expect, it } from 'vitest'
import { listDatasets, loadDataset } from '../../../engine/data/registry'
import { tempCache } from './tmp'

const NAMES = [
  'linear',
  'xor',
  'moons',
  'circles',
  'spirals',
  'sine',
  'copy',
  'reverse',
  'add',
  'copy-seq2seq',
  'reverse-seq2seq',
  'add-seq2seq',
  'palindrome',
  'same-multiset',
  'time-machine-mlm',
  'time-machine-passages',
  'time-machine-next',
  'time-machine-skipgram',
  'time-machine',
  'shapes',
  'detect-shapes',
  'shape-classes',
  'gratings',
  'plaids',
  'mnist',
  'fashion-mnist',
  'boston',
  'csv',
  'images',
  'masks',
  'idx',
  'voc',
  'yolo',
  'coco',
  'text',
]

describe('registry', () => {
  it('lists every dataset with a task, a description and whether it needs a path', () => {
    const list = listDatasets()
    expect(list.map((d) => d.name)).toEqual(NAMES)
    for (const d of list) expect(d.description.length).toBeGreaterThan(10)
    expect(list.filter((d) => d.needsPath).map((d) => d.name)).toEqual([
      'csv',
      'images',
      'masks',
      'idx',
      'voc',
      'yolo',
      'coco',
      'text',
    ])
    expect(list.find((d) => d.name === 'detect-shapes')?.task).toBe('detection')
    expect(list.find((d) => d.name === 'shapes')?.task).toBe('segmentation')
    expect(list.find((d) => d.name === 'text')?.task).toBe('language-model')
  })

  it('rejects unknown names, listing the known ones', async () => {
    await expect(loadDataset('cifar')).rejects.toThrow(
      /unknown dataset "cifar"; known datasets: linear, xor, .*, text/,
    )
    await expect(loadDataset('toString')).rejects.toThrow(/unknown dataset/)
  })

  it('asks for a path where one is needed', async () => {
    for (const name of ['csv', 'images', 'idx', 'text'])
      await expect(loadDataset(name)).rejects.toThrow(new RegExp(`"${name}" needs a path`))
  })

  tempCache()
  it('dispatches to the packaged loaders and reports the task it lists', async () => {
    const mnist = await loadDataset('mnist', { limit: 20 })
    expect(mnist.size).toBe(20)
    expect(mnist.name).toBe('mnist')
    const boston = await loadDataset('boston', { limit: 5 })
    expect(boston.task).toBe('regression')
    for (const name of ['linear', 'moons', 'sine', 'add', 'shapes']) {
      const ds = await loadDataset(name, { samples: 30 })
      expect(ds.task).toBe(listDatasets().find((d) => d.name === name)?.task)
    }
  })
})
