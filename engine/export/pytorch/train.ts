/**
 * train.py: the graph's training settings (loss, optimizer, schedule, batch size, epochs, split,
 * per-node weight decay and freezing) written out as plain PyTorch, runnable alone or under
 * torchrun with DistributedDataParallel. Only the graph-specific lines are generated; the loop is
 * the same for every graph (trainpy.ts).
 */
import type { Analysis } from '../../graph/analyze'
import type { GraphDoc } from '../../graph/schema'
import { outputHead } from '../../train/head'
import { channelStats } from '../../data/normalize'
import { MLM_NSP_PY } from '../../train/mlm-nsp'
import type { ModelSource } from './model'
import { pyEscape, pyStr } from '../literals'
import { pyBool, pyFloat, pyTuple } from './syntax'
import { TRAIN_LOOP } from './trainpy'
import { SEQUENCE_HELPERS } from './trainpy-seq'

type Cfg = GraphDoc['training']

const EPS = '1e-7'

/** The loss on (pred, y), with the targets reshaped to the prediction's layout. */
function lossLines(cfg: Cfg, head: 'logits' | 'probabilities', out: number[]): string[] {
  // class scores sit on dim 1 for vectors and NCHW maps; [N, T, C] sequences put them last
  const ce = (fn: string, p: string) =>
    out.length === 2
      ? `${fn}(${p}.reshape(-1, pred.shape[-1]), y.reshape(-1))`
      : out.length === 3
        ? `${fn}(${p}, y.reshape(pred.shape[0], *pred.shape[2:]))`
        : `${fn}(${p}, y)`
  const target = 'y.reshape(pred.shape)'
  switch (cfg.loss) {
    case 'cross-entropy':
      return head === 'logits'
        ? [`return ${ce('F.cross_entropy', 'pred')}`]
        : ['# the model ends in a softmax: log of its probabilities', ceNll(ce)]
    case 'binary-cross-entropy':
      return head === 'logits'
        ? [`return F.binary_cross_entropy_with_logits(pred, ${target})`]
        : [`return F.binary_cross_entropy(pred.clamp(${EPS}, 1 - ${EPS}), ${target})`]
    case 'mse':
      return [`return F.mse_loss(pred, ${target})`]
    case 'mae':
      return [`return F.l1_loss(pred, ${target})`]
    case 'huber':
      return [`return F.huber_loss(pred, ${target}, delta=1.0)`]
    case 'dice':
      return [
        `q = ${head === 'logits' ? 'torch.sigmoid(pred)' : 'pred'}`,
        `t = ${target}`,
        'dims = tuple(range(1, q.dim()))',
        'inter = (q * t).sum(dims)',
        'return 1 - ((2 * inter + 1) / (q.sum(dims) + t.sum(dims) + 1)).mean()',
      ]
    case 'mlm-nsp':
      return MLM_NSP_PY
    case 'multibox':
      return [
        '# detection: y holds per-anchor targets (class with 0 = background, 4 offsets), the',
        "# course's multibox_target; pred holds class scores, offsets and the anchors themselves",
        'k = pred.shape[-1] - 8',
        'labels = y[..., 0].long()',
        'mask = (labels > 0).float().unsqueeze(-1)',
        'l1 = ((pred[..., k:k + 4] - y[..., 1:5]).abs() * mask).mean()',
        'return F.cross_entropy(pred[..., :k].reshape(-1, k), labels.reshape(-1)) + l1',
      ]
  }
}

const ceNll = (ce: (fn: string, p: string) => string) =>
  `return ${ce('F.nll_loss', `torch.log(pred.clamp(${EPS}, 1))`)}`

/** Per-batch metric summed over the batch (train.py divides by the sample count). */
function metricLines(cfg: Cfg, head: string, out: number[]): { name: string; lines: string[] } | null {
  if (cfg.loss === 'cross-entropy') {
    const dim = out.length === 2 ? -1 : 1
    const y = out.length === 3 ? 'y.reshape(pred.shape[0], *pred.shape[2:])' : 'y.reshape(pred.shape[:-1])'
    const correct = `(pred.argmax(${dim}) == ${out.length === 1 ? 'y' : y}).float()`
    return { name: 'accuracy', lines: [`return ${correct}.reshape(len(pred), -1).mean(1).sum()`] }
  }
  if (cfg.loss === 'binary-cross-entropy') {
    const cut = head === 'logits' ? 0 : 0.5
    const correct = `((pred > ${cut}).float() == y.reshape(pred.shape)).float()`
    return { name: 'accuracy', lines: [`return ${correct}.reshape(len(pred), -1).mean(1).sum()`] }
  }
  if (cfg.loss === 'dice' || cfg.loss === 'multibox' || cfg.loss === 'mlm-nsp') return null
  return {
    name: 'mae',
    lines: ['return (pred - y.reshape(pred.shape)).abs().reshape(len(pred), -1).mean(1).sum()'],
  }
}

/** The torch.optim constructor matching the engine's optimiser, as a Python expression of `params` and `lr`. */
export function optimizerLine(cfg: Cfg): string {
  const o = cfg.optimizer
  const wd = o.weightDecay ? `, weight_decay=${pyFloat(o.weightDecay)}` : ''
  const betas = `betas=${pyTuple([pyFloat(o.beta1), pyFloat(o.beta2)])}, eps=1e-8`
  switch (o.type) {
    case 'sgd':
      return `torch.optim.SGD(params, lr=lr${wd})`
    case 'momentum':
      return `torch.optim.SGD(params, lr=lr, momentum=${pyFloat(o.momentum)}${wd})`
    case 'adam':
      return `torch.optim.Adam(params, lr=lr, ${betas}${wd})`
    case 'adamw':
      return `torch.optim.AdamW(params, lr=lr, ${betas}, weight_decay=${pyFloat(o.weightDecay)})`
    case 'rmsprop':
      return `torch.optim.RMSprop(params, lr=lr, alpha=0.99, eps=1e-8${wd})`
    case 'adagrad':
      // both start the accumulator at 0; tfjs adds its 1e-7 under the root, PyTorch 1e-10 after it
      return `torch.optim.Adagrad(params, lr=lr${wd})`
    case 'adadelta':
      return `torch.optim.Adadelta(params, lr=lr, rho=${pyFloat(o.rho)}, eps=1e-6${wd})`
  }
}

function scheduleLines(cfg: Cfg): string[] {
  const { type, stepEpochs, gamma, warmupEpochs, milestones, finalLr, maxEpochs } = cfg.schedule
  const lines = ['"""The graph\'s learning-rate schedule for a 0-based epoch."""']
  if (type === 'warmup-cosine') {
    // the course's CosineScheduler, called once per epoch; --epochs does not move its end
    const max = maxEpochs ?? cfg.epochs
    if (warmupEpochs > 0)
      lines.push(`if epoch < ${warmupEpochs}:`, `    return base * epoch / ${warmupEpochs}`)
    lines.push(
      `t = min(epoch, ${max}) - ${warmupEpochs}`,
      `return ${pyFloat(finalLr)} + (base - ${pyFloat(finalLr)}) * (1 + math.cos(math.pi * t / ${Math.max(1, max - warmupEpochs)})) / 2`,
    )
    return lines
  }
  if (warmupEpochs > 0)
    lines.push(`if epoch < ${warmupEpochs}:`, `    return base * (epoch + 1) / ${warmupEpochs + 1}`)
  const e = warmupEpochs > 0 ? `(epoch - ${warmupEpochs})` : 'epoch'
  // torch.optim.lr_scheduler.MultiStepLR's rule: one factor of gamma per milestone reached
  if (type === 'multistep')
    lines.push(`return base * ${pyFloat(gamma)} ** sum(1 for m in ${pyTuple(milestones)} if m <= epoch)`)
  else if (type === 'step') lines.push(`return base * ${pyFloat(gamma)} ** (${e} // ${stepEpochs})`)
  else if (type === 'cosine')
    lines.push(`return 0.5 * base * (1 + math.cos(math.pi * ${e} / max(1, epochs - ${warmupEpochs})))`)
  else lines.push('return base')
  return lines
}

const fn = (sig: string, body: string[]) => [`def ${sig}:`, ...body.map((l) => '    ' + l)].join('\n')

export function generateTrain(doc: GraphDoc, a: Analysis, src: ModelSource): string {
  const cfg = doc.training
  const out = a.order.find((n) => n.id === a.outputs[0])!.outputShape
  const input = a.order.find((n) => n.id === a.inputs[0])!.outputShape
  const head = outputHead(a)
  const metric = metricLines(cfg, head, out)
  const keysOf = (pred: (n: Analysis['order'][number]) => boolean, kernels: boolean) =>
    src.weights.filter(
      (w) => pred(a.order.find((n) => n.id === w.nodeId)!) && (!kernels || w.tfjs.endsWith('kernel')),
    )
  const decay = keysOf((n) => !!n.weightDecay, true).map((w) => {
    const wd = a.order.find((n) => n.id === w.nodeId)!.weightDecay!
    return `(${pyStr(w.key)}, ${pyFloat(wd)})`
  })
  const frozen = keysOf((n) => !n.trainable, false).map((w) => pyStr(w.key))
  // the dataset's per-channel standardisation, one value per channel as the engine applies it
  const norm = cfg.dataset.normalize
  const stats = norm && input.length === 3 ? channelStats(norm, input[2], cfg.dataset.name) : null
  const describe = `${cfg.loss} loss, ${cfg.optimizer.type} (lr ${cfg.optimizer.lr}), batch ${cfg.batchSize}, ${cfg.epochs} epochs`
  const settings = [
    `DATASET = ${pyStr(cfg.dataset.name)}`,
    `INPUT_SHAPE = ${pyTuple(input)}  # per sample, Deepwire's channels-last layout`,
    `INT_TARGETS = ${pyBool(cfg.loss === 'cross-entropy')}`,
    `EPOCHS = ${cfg.epochs}`,
    `BATCH_SIZE = ${cfg.batchSize}`,
    `LR = ${pyFloat(cfg.optimizer.lr)}`,
    `SPLIT = ${pyStr(cfg.split)}  # 'official': validate on the dataset's own test samples where data.npz has them`,
    `VALIDATION_SPLIT = ${pyFloat(cfg.validationSplit)}`,
    `SEED = ${cfg.seed}`,
    '# dataset.normalize: (mean, std) per channel, applied as (x - mean) / std to pixels in [0, 1]',
    `NORMALIZE = ${stats ? `(${pyTuple(stats.mean.map(pyFloat))}, ${pyTuple(stats.std.map(pyFloat))})` : 'None'}`,
    `SHUFFLE = ${pyBool(cfg.shuffle)}`,
    `FOLDS = ${cfg.folds ?? 'None'}  # k-fold cross-validation (--folds): K runs, each validating on one fold`,
    `PARTITION = ${pyStr(cfg.dataset.partition ?? 'random')}  # text: 'sequential' carries recurrent state across batches`,
    `CLIP_NORM = ${cfg.clipNorm ? pyFloat(cfg.clipNorm) : 'None'}`,
    `PATIENCE = ${cfg.earlyStop ? cfg.earlyStop.patience : 'None'}  # early stop after this many epochs without progress`,
    `MIN_DELTA = ${pyFloat(cfg.earlyStop?.minDelta ?? 0)}`,
    `METRIC = ${metric ? pyStr(metric.name) : 'None'}`,
    '# per-node L2 weight decay (Deepwire adds decay·w to the gradient: the gradient of decay/2·|w|²)',
    `WEIGHT_DECAY = [${decay.join(', ')}]`,
    '# parameters of nodes marked not trainable',
    `FROZEN = [${frozen.join(', ')}]`,
  ]
  return [
    `"""Trains the exported ${pyEscape(doc.name)} as Deepwire would: ${describe}.`,
    '',
    '    python train.py [--epochs N] [--batch-size N] [--lr X] [--limit N] [--data data.npz] [--folds K]',
    '    torchrun --nproc_per_node=2 train.py [...]   # DistributedDataParallel, one process per GPU or CPU share',
    '',
    'See README.md.',
    '"""',
    'import argparse',
    'import math',
    'import os',
    'import sys',
    'import time',
    '',
    'import numpy as np',
    'import torch',
    'import torch.distributed as dist',
    'import torch.nn.functional as F',
    'from torch.nn.parallel import DistributedDataParallel',
    'from torch.utils.data import DataLoader, DistributedSampler, TensorDataset',
    '',
    'import data',
    'from model import Net, load_weights',
    '',
    'HERE = os.path.dirname(os.path.abspath(__file__))',
    '',
    "# the graph's training settings",
    ...settings,
    '',
    '',
    fn('loss_fn(pred, y)', lossLines(cfg, head, out)),
    '',
    '',
    fn('metric_sum(pred, y)', metric?.lines ?? ['return torch.zeros(())']),
    '',
    '',
    fn('make_optimizer(params, lr)', [`return ${optimizerLine(cfg)}`]),
    '',
    '',
    fn('learning_rate(epoch, base, epochs)', scheduleLines(cfg)),
    '',
    '',
    SEQUENCE_HELPERS,
    '',
    TRAIN_LOOP,
  ].join('\n')
}
