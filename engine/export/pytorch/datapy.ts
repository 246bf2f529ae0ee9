/**
 * data.py of the exported package: reads the data.npz Deepwire wrote, a CSV file of numbers or a
 * folder of images, and returns tensors in the model's layout. Fixed text: the graph-specific
 * choices (input shape, target kind) are arguments train.py passes.
 */
export const DATA_PY = `"""Training data for train.py, in the model's layout (images NCHW).

Sources, by what --data points at:
  *.npz   the samples Deepwire trains on, exported with the model (x channels-last, y, x_scale)
  *.csv   a header row, then numbers; the last column is the target, the others are standardised
  folder  one sub-folder of PNG/JPEG images per class (sorted names are the class ids)
"""
import os
import sys

import numpy as np
import torch


def test_from(path):
    """Where the dataset's own test samples start in a Deepwire data.npz; None when it has none."""
    if not path.endswith('.npz') or not os.path.exists(path):
        return None
    with np.load(path) as f:
        return int(f['test_from']) if 'test_from' in f.files else None


def load(path, input_shape, int_targets, limit=None):
    """(x, y) tensors. input_shape is Deepwire's per-sample shape (channels-last)."""
    if not os.path.exists(path):
        # one sentence instead of numpy's traceback: the usual cause is an export without its data
        sys.exit(f"train.py: no data at {path}: export the model again with its data "
                 "(deepwire export --data, or the app's PyTorch export) or pass --data with your own "
                 "data.npz, CSV file or image folder")
    if os.path.isdir(path):
        x, y, scale = *load_image_folder(path, input_shape), 1.0
    elif path.endswith('.csv'):
        x, y, scale = *load_csv(path, int_targets), 1.0
    else:
        with np.load(path) as f:
            x, y, scale = f['x'], f['y'], float(f['x_scale'])
    if limit:
        x, y = x[:limit], y[:limit]
    if x.dtype == np.int32:
        x = torch.from_numpy(x.astype(np.int64))  # token ids
    else:
        x = torch.from_numpy(np.multiply(x, scale, dtype=np.float32))
    y = torch.from_numpy(y.astype(np.int64) if int_targets else y.astype(np.float32))
    if len(input_shape) == 3:
        # Deepwire keeps images channels-last; PyTorch's convolutions want NCHW
        x = x.reshape(-1, *input_shape).permute(0, 3, 1, 2).contiguous()
    if y.dim() == 4:
        y = y.permute(0, 3, 1, 2).contiguous()
    return x, y


def load_csv(path, int_targets):
    table = np.loadtxt(path, delimiter=',', skiprows=1, dtype=np.float64, ndmin=2)
    x, y = table[:, :-1], table[:, -1]
    std = x.std(axis=0)
    x = (x - x.mean(axis=0)) / np.where(std > 0, std, 1)
    if int_targets:
        y = np.unique(y, return_inverse=True)[1]
    else:
        y = y[:, None]
    return x.astype(np.float32), y


def load_image_folder(path, input_shape):
    from PIL import Image

    height, width, channels = input_shape
    classes = sorted(d for d in os.listdir(path) if os.path.isdir(os.path.join(path, d)) and not d.startswith('.'))
    images, labels = [], []
    for label, name in enumerate(classes):
        folder = os.path.join(path, name)
        for file in sorted(os.listdir(folder)):
            if file.lower().endswith(('.png', '.jpg', '.jpeg')) and not file.startswith('.'):
                img = Image.open(os.path.join(folder, file)).convert('L' if channels == 1 else 'RGB')
                img = np.asarray(img.resize((width, height), Image.BILINEAR), dtype=np.float32) / 255
                images.append(img.reshape(height, width, channels))
                labels.append(label)
    order = np.random.RandomState(0).permutation(len(images))
    return np.stack(images)[order], np.array(labels)[order]
`
