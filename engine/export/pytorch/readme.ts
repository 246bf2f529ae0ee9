/** README.md of the exported package: what each file is and how to run it. */
import type { GraphDoc } from '../../graph/schema'
import { mdText } from '../literals'

export function generateReadme(doc: GraphDoc, opts: { data: boolean; train: boolean }): string {
  const t = doc.training
  const lines = [
    `# ${mdText(doc.name)} — PyTorch export from Deepwire`,
    '',
    ...(doc.description ? [mdText(doc.description), ''] : []),
    '| file | what it is |',
    '| --- | --- |',
    '| `model.py` | `Net`, an `nn.Module` mirroring the graph (blocks are sub-modules), and `load_weights` |',
    '| `weights.npz` | the weights as a `state_dict` of NumPy arrays |',
    ...(opts.train
      ? [
          "| `train.py` | the graph's training settings in PyTorch, alone or under `torchrun` |",
          '| `data.py` | loads `data.npz`, a CSV file or an image folder for `train.py` |',
        ]
      : []),
    ...(opts.data ? [`| \`data.npz\` | the ${mdText(t.dataset.name)} samples Deepwire trains on |`] : []),
    '',
    'Needs Python 3 with PyTorch (1.13 or newer) and NumPy.',
    '',
    '## Use the model',
    '',
    '```python',
    'from model import Net, load_weights',
    "model = load_weights(Net(), 'weights.npz').eval()",
    '```',
    '',
    'Images go in NCHW (`[N, C, H, W]`), as PyTorch expects; Deepwire itself works channels-last,',
    'so `Flatten` after convolutions permutes to NHWC first to keep the order the weights were trained on.',
    '',
    ...(doc.training.loss === 'multibox' ? detectionLines() : []),
  ]
  if (!opts.train)
    return [...lines, 'No `train.py`: it is written for graphs with one input and one output.', ''].join('\n')
  return [
    ...lines,
    '## Train',
    '',
    '```sh',
    'python train.py                       # the graph’s settings: ' +
      `${t.epochs} epochs, batch ${t.batchSize}, ${t.optimizer.type} lr ${t.optimizer.lr}`,
    'python train.py --epochs 1 --limit 2000 --batch-size 64 --lr 0.01',
    'torchrun --nproc_per_node=2 train.py  # DistributedDataParallel: gloo on CPU, nccl on CUDA GPUs',
    '```',
    '',
    '`--batch-size` is the global batch: each of the N processes takes batch/N samples, and',
    'DistributedSampler gives each a different shard. Rank 0 logs and saves `trained.pt` after every',
    "epoch. Training starts from `weights.npz` (`--weights ''` for PyTorch's own initialisation).",
    '',
    opts.data
      ? '`--data` defaults to `data.npz` beside `train.py`;'
      : '`data.npz` was not exported: export again with the data, or point `--data` at your own files;',
    'it also takes a CSV file (header row, numbers, target in the last column) or an image folder',
    '(one sub-folder per class).',
    '',
    '`--folds K` trains K runs, each validating on one fold of the training samples (the same folds',
    `Deepwire uses), saves \`trained-fold1.pt\` … and prints each measure's mean ± std${t.folds ? `; the graph asks for ${t.folds}` : ''}.`,
    ...(t.dataset.partition === 'sequential'
      ? [
          '',
          "Sequential partitioning (the graph's setting): the training windows run in text order, one",
          'stream per batch row, and each recurrent layer starts a batch from the state the previous batch',
          'ended in (detached); the state resets every epoch and never carries in evaluation. It trains',
          'in one process.',
        ]
      : []),
    '',
    "Debian's PyTorch 1.13 on Python 3.11 has a `torchrun` bug (`AttributeError: 'NoneType' object",
    "has no attribute 'get'`); add `--redirects 1 --tee 1` before `train.py` to work around it.",
    '',
  ].join('\n')
}

/** How a detector's output becomes boxes, and what its training targets are. */
function detectionLines(): string[] {
  return [
    '## Boxes from a detector',
    '',
    'The output holds one row per anchor: the class scores (background first, before softmax), 4 box',
    'offsets and the anchor itself (x1, y1, x2, y2 in [0, 1]). `multibox_detection` in `model.py`',
    'decodes the offsets and applies non-maximum suppression:',
    '',
    '```python',
    'from model import multibox_detection',
    'boxes = multibox_detection(model(images), num_classes, nms_threshold=0.5, min_score=0.5)',
    '# per image: rows (class, score, x1, y1, x2, y2), most confident first',
    '```',
    '',
    "`train.py` trains on per-anchor targets (class + 1 or 0 for background, 4 offsets), the course's",
    'multibox_target; `data.npz` holds them as `y` and the ground-truth rows as `boxes`.',
    '',
  ]
}
