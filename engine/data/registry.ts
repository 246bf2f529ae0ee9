import { loadCsv } from './csv'
import { loadCoco } from './detection/coco'
import { detectionShapes } from './detection/synthetic'
import { loadVoc } from './detection/voc'
import { loadYolo } from './detection/yolo'
import { gratings, plaids } from './gratings'
import { loadIdx } from './idx'
import { loadImageFolder } from './images'
import { loadMaskFolder } from './masks'
import { boston, packagedImages } from './packaged'
import { bertPretraining } from './bert-pretrain'
import { nextSentence, samePassage } from './same-passage'
import { sentencePairs } from './sentence-pairs'
import { timeMachineSkipGram } from './skipgram'
import { palindromes, sequencePairs, sequenceTask } from './sequences'
import { shapeClasses, shapes } from './shapes'
import { circles, linear, moons, sine, spirals, xor } from './synthetic'
import { loadText, loadTimeMachine } from './text'
import type { Dataset, DatasetInfo, DatasetOptions, Task } from './types'

interface Entry {
  task: Task
  description: string
  needsPath?: boolean
  load: (opts: DatasetOptions) => Dataset | Promise<Dataset>
}

const DATASETS: Record<string, Entry> = {
  linear: {
    task: 'regression',
    description: 'y = 2·x1 − 3.4·x2 + 4.2 + noise, 1000 samples (the course’s first regression)',
    load: linear,
  },
  xor: {
    task: 'classification',
    description: 'The four XOR corners with jitter: not linearly separable',
    load: xor,
  },
  moons: { task: 'classification', description: 'Two interleaving half circles, 2 classes', load: moons },
  circles: {
    task: 'classification',
    description: 'Concentric rings, 2 classes (classes option for more)',
    load: circles,
  },
  spirals: { task: 'classification', description: 'Interleaved spiral arms, 3 classes', load: spirals },
  sine: {
    task: 'regression',
    description: 'Noisy sine sequence: 4 previous values → the next one, in time order',
    load: sine,
  },
  copy: {
    task: 'classification',
    description: 'Copy a digit sequence after reading it (tokens, per-position targets)',
    load: (o) => sequenceTask('copy', o),
  },
  reverse: {
    task: 'classification',
    description: 'Reverse a digit sequence after reading it',
    load: (o) => sequenceTask('reverse', o),
  },
  add: {
    task: 'classification',
    description: 'Read “a+b” as tokens and write the sum’s digits',
    load: (o) => sequenceTask('add', o),
  },
  'copy-seq2seq': {
    task: 'classification',
    description: 'Copy digits, encoder–decoder layout: source, decoder tokens, padded targets',
    load: (o) => sequencePairs('copy', o),
  },
  'reverse-seq2seq': {
    task: 'classification',
    description: 'Reverse digits (up to size[0], default 5), encoder–decoder layout',
    load: (o) => sequencePairs('reverse', o),
  },
  'add-seq2seq': {
    task: 'classification',
    description: 'Read “a+b”, write the sum: encoder–decoder layout',
    load: (o) => sequencePairs('add', o),
  },
  palindrome: {
    task: 'classification',
    description: 'Is a digit string (tokens, padded) a palindrome? Sequence classification',
    load: palindromes,
  },
  'same-multiset': {
    task: 'classification',
    description: 'Sentence pairs [CLS] a [SEP] b [SEP] with segment ids: is b a reordering of a?',
    load: sentencePairs,
  },
  'time-machine-mlm': {
    task: 'classification',
    description:
      'BERT pretraining on The Time Machine: sentence pairs (half true next, half random) with 15% of words masked',
    load: bertPretraining,
  },
  'time-machine-passages': {
    task: 'classification',
    description: 'Sentence pairs from The Time Machine: same passage or far apart? (fine-tunes BERT)',
    load: samePassage,
  },
  'time-machine-next': {
    task: 'classification',
    description:
      'Sentence pairs from The Time Machine: is b the sentence after a, or from far away? (fine-tunes BERT)',
    load: nextSentence,
  },
  'time-machine-skipgram': {
    task: 'classification',
    description:
      'Word embeddings on The Time Machine: (center, context) word pairs, each with 5 noise words to tell apart (skip-gram with negative sampling)',
    load: timeMachineSkipGram,
  },
  'time-machine': {
    task: 'language-model',
    description: 'H. G. Wells’ The Time Machine (public domain, 179 KB): predict the next character or word',
    load: loadTimeMachine,
  },
  shapes: {
    task: 'segmentation',
    description: 'Circles and rectangles on noise, 64×64 RGB → mask',
    load: shapes,
  },
  'detect-shapes': {
    task: 'detection',
    description: 'Rectangles, discs and triangles (1–3 per image) on varied backgrounds, 64×64 RGB → boxes',
    load: detectionShapes,
  },
  'shape-classes': {
    task: 'segmentation',
    description: 'Circles, rectangles and triangles on noise, 64×64 RGB → 4-class mask',
    load: shapeClasses,
  },
  gratings: {
    task: 'classification',
    description: 'Stripes in 8 directions on random colours, 2,000 16×16 RGB images (pretraining)',
    load: gratings,
  },
  plaids: {
    task: 'classification',
    description: 'Two crossing gratings, 4 direction pairs, 200 16×16 RGB images (fine-tuning)',
    load: plaids,
  },
  mnist: {
    task: 'classification',
    description: 'Handwritten digits, 10k 28×28 grey images',
    load: (o) => packagedImages('mnist', o),
  },
  'fashion-mnist': {
    task: 'classification',
    description: 'Clothing photos, 70k 28×28 grey images in 10 classes',
    load: (o) => packagedImages('fashion-mnist', o),
  },
  boston: {
    task: 'regression',
    description: 'Boston house prices: 13 features → median value',
    load: boston,
  },
  csv: {
    task: 'classification',
    description: 'Your CSV file (header row; target = last column)',
    needsPath: true,
    load: loadCsv,
  },
  images: {
    task: 'classification',
    description: 'Your image folder: one sub-folder of PNG/JPEG files per class',
    needsPath: true,
    load: loadImageFolder,
  },
  masks: {
    task: 'segmentation',
    description:
      "Your segmentation folder: 'images' and 'masks' sub-folders of PNG/JPEG pairs with matching names",
    needsPath: true,
    load: loadMaskFolder,
  },
  idx: {
    task: 'classification',
    description: 'MNIST-format IDX files (images + labels, optionally .gz)',
    needsPath: true,
    load: loadIdx,
  },
  voc: {
    task: 'detection',
    description: "Your Pascal VOC folder: 'Annotations' (XML boxes) and 'JPEGImages'",
    needsPath: true,
    load: loadVoc,
  },
  yolo: {
    task: 'detection',
    description: "Your YOLO folder: 'images', 'labels' (class cx cy w h per line) and classes.txt",
    needsPath: true,
    load: loadYolo,
  },
  coco: {
    task: 'detection',
    description: 'Your COCO annotation JSON (images, annotations, categories) with its images',
    needsPath: true,
    load: loadCoco,
  },
  text: {
    task: 'language-model',
    description: 'Your text file: predict the next character',
    needsPath: true,
    load: loadText,
  },
}

export function listDatasets(): DatasetInfo[] {
  return Object.entries(DATASETS).map(([name, e]) => ({
    name,
    task: e.task,
    description: e.description,
    needsPath: e.needsPath ?? false,
  }))
}

export async function loadDataset(name: string, opts: DatasetOptions = {}): Promise<Dataset> {
  const entry = Object.hasOwn(DATASETS, name) ? DATASETS[name] : undefined
  if (!entry)
    throw new Error(`unknown dataset "${name}"; known datasets: ${Object.keys(DATASETS).join(', ')}`)
  if (entry.needsPath && !opts.path) throw new Error(`dataset "${name}" needs a path to your file or folder`)
  return entry.load(opts)
}
