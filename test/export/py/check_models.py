"""Runs every exported PyTorch package given on the command line against the engine's outputs.

Each directory holds model.py, weights.npz and parity.npz (inputs input0… in Deepwire's
channels-last layout, and the engine's outputs output0…). One process checks them all, since
importing torch is the slow part. Prints one JSON line per directory:
{"dir", "maxDiff", "peak"} (peak: the largest |output|) or {"dir", "error"}.
"""
import importlib.util
import json
import os
import sys
import traceback

import numpy as np
import torch


def to_torch(a):
    t = torch.from_numpy(a)
    if a.dtype == np.int32:
        return t.long()
    # images: Deepwire's [N, H, W, C] → PyTorch's [N, C, H, W]
    return t.permute(0, 3, 1, 2).contiguous() if a.ndim == 4 else t


def compile_scripts(path):
    """train.py and data.py are not run here (the torchrun test does that); they must at least parse."""
    for name in ('train.py', 'data.py'):
        file = os.path.join(path, name)
        if os.path.exists(file):
            with open(file) as f:
                compile(f.read(), file, 'exec')


def check(index, path):
    compile_scripts(path)
    spec = importlib.util.spec_from_file_location(f'exported_model_{index}', os.path.join(path, 'model.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    net = module.load_weights(module.Net(), os.path.join(path, 'weights.npz')).eval()
    with np.load(os.path.join(path, 'parity.npz')) as f:
        inputs = [f[f'input{i}'] for i in range(sum(k.startswith('input') for k in f.files))]
        expected = [f[f'output{i}'] for i in range(sum(k.startswith('output') for k in f.files))]
    with torch.no_grad():
        outs = net(*[to_torch(a) for a in inputs])
    outs = outs if isinstance(outs, tuple) else (outs,)
    diff, peak = 0.0, 0.0
    for out, want in zip(outs, expected):
        got = out.numpy()
        if got.ndim == 4:
            got = got.transpose(0, 2, 3, 1)
        if got.shape != want.shape:
            raise ValueError(f'output shape {got.shape}, the engine gives {want.shape}')
        diff = max(diff, float(np.abs(got - want).max()))
        peak = max(peak, float(np.abs(want).max()))
    return {'maxDiff': diff, 'peak': peak}


if __name__ == '__main__':
    torch.manual_seed(0)
    for i, path in enumerate(sys.argv[1:]):
        try:
            result = check(i, path)
        except Exception as e:  # one broken export must not hide the others' results
            result = {'error': f'{type(e).__name__}: {e}', 'trace': traceback.format_exc()[-1500:]}
        print(json.dumps({'dir': path, **result}), flush=True)
