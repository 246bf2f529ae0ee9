/**
 * Every preset validates, and its per-node shapes and parameter counts match the golden file
 * beside this test (regenerate with UPDATE_GOLDEN=1 after a deliberate change). Totals are
 * also pinned to PyTorch's count of the course's reference models.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyze } from '../../engine/graph/analyze'
import { parseGraph } from '../../engine/graph/parse'

const PRESETS = path.resolve('presets')
const GOLDEN = path.resolve('test/golden')

/** nn.Module parameter counts of the course's PyTorch code for the same configuration. */
const PYTORCH_COUNTS: Record<string, number> = {
  'lenet.json': 61_706,
  'mlp.json': 784 * 256 + 256 + 256 * 10 + 10,
  'mlp-course.json': 784 * 256 + 256 + 256 * 10 + 10,
  // the course's BatchNorm chapter (nn.BatchNorm2d/1d: γ and β per channel)
  'bn-lenet.json': 156 + 12 + 2_416 + 32 + 30_840 + 240 + 10_164 + 168 + 850,
  // the course's dropout chapter (dropout has no parameters)
  'mlp-dropout.json': 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10,
  'softmax-regression.json': 7_850,
  'linear-regression.json': 14,
  // the course's house-price model: nn.Linear(in_features, 1)
  'house-prices-kfold.json': 14,
  'xor.json': 2 * 8 + 8 + 8 * 2 + 2,
  'perceptron-xor.json': 2 * 2 + 2,
  // test/reference/vision_models.py (checked against PyTorch by test/unit/vision/pytorch-counts)
  'alexnet.json': 46_764_746,
  'vgg11.json': 128_806_154,
  // the course's narrow VGG-11 (channels ÷ 4): convolutions, then 6,272 → 4096 → 4096 → 10
  'vgg11-course.json':
    160 + 4_640 + 18_496 + 36_928 + 73_856 + 147_584 * 3 + 6_272 * 4096 + 4096 + 4096 * 4096 + 4096 + 40_970,
  'nin.json': 1_992_166,
  'googlenet.json': 5_977_530,
  'resnet18.json': 11_178_378,
  'densenet.json': 758_226,
  'fcn.json': 768_904,
  // the fine-tuning walkthrough's pretraining CNN: conv 3·3·3·16 + 16, conv 3·3·16·32 + 32, dense 32·8 + 8
  'gratings-cnn.json': 448 + 4_640 + 264,
  'unetpp.json': 9_163_329,
  // test/reference/seq_models.py (checked against PyTorch by test/unit/train/seq-presets)
  'rnn-char.json': 32_006,
  'gru-char.json': 73_478,
  'lstm-char.json': 94_214,
  // nn.Embedding(1416, 64), nn.LSTM(64, 256), nn.Linear(256, 1416): the word vocabulary with minFreq 3
  'lstm-word.json': 784_264,
  // GptChar in test/reference/seq_models.py: norm_first nn.TransformerEncoderLayer blocks, causal mask
  'gpt-char.json': 113_222,
  // the course's nn.RNN/nn.GRU/nn.LSTM(28, 256) (two biases per gate) + nn.Linear(256, 28)
  'rnn-course.json': 1 * (28 * 256 + 256 * 256 + 2 * 256) + 256 * 28 + 28,
  'gru-course.json': 3 * (28 * 256 + 256 * 256 + 2 * 256) + 256 * 28 + 28,
  'lstm-course.json': 4 * (28 * 256 + 256 * 256 + 2 * 256) + 256 * 28 + 28,
  'deep-bilstm.json': 151_758,
  'seq2seq.json': 127_118,
  'seq2seq-attention.json': 161_806,
  'transformer-encoder.json': 67_970,
  'transformer.json': 170_126,
  'bert-mini.json': 285_058,
  // the course's BERTModel (encoder, MaskLM, NSP) and BERTClassifier at hidden 64, vocabulary 825
  'bert-pretrain.json': 184_123,
  'bert-finetune.json': 126_210,
  // the course's skip-gram: two 809 × 64 embeddings (centers and contexts)
  'skipgram.json': 103_552,
  // the course's TinySSD with 3 classes, 4 anchors per pixel (checked in PyTorch: 1,051,888)
  'tiny-ssd.json': 1_051_888,
}

describe('presets', () => {
  const files = readdirSync(PRESETS).filter((f) => f.endsWith('.json'))
  it('every preset has a pinned PyTorch count', () => {
    expect(files.sort()).toEqual(Object.keys(PYTORCH_COUNTS).sort())
  })
  for (const f of files)
    it(f, () => {
      const p = parseGraph(JSON.parse(readFileSync(path.join(PRESETS, f), 'utf8')))
      if (!p.ok) throw new Error(p.errors[0].message)
      const a = analyze(p.doc)
      expect(a.errors).toEqual([])
      expect(a.totals.trainableParams).toBe(PYTORCH_COUNTS[f])
      const actual = {
        trainableParams: a.totals.trainableParams,
        nodes: Object.fromEntries(
          [...a.summary].map(([id, s]) => [id, { shape: s.outputShape, params: s.trainableParams }]),
        ),
      }
      const golden = path.join(GOLDEN, f.replace('.json', '.golden.json'))
      if (process.env.UPDATE_GOLDEN) writeFileSync(golden, JSON.stringify(actual, null, 2) + '\n')
      expect(actual).toEqual(JSON.parse(readFileSync(golden, 'utf8')))
    })
})
