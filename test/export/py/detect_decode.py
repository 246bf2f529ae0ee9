"""Runs an exported detector end to end in PyTorch: model.py with weights.npz on parity.npz's
input0, then the package's own multibox_detection (offset decoding + NMS). Prints JSON:
{"maxDiff": |PyTorch − engine| of the raw output, "output": the engine's output (for the test to decode),
"boxes": per image [[class, score, x1, y1, x2, y2], …]}.
Usage: detect_decode.py DIR NUM_CLASSES
"""
import importlib.util
import json
import os
import sys

import numpy as np
import torch

path, classes = sys.argv[1], int(sys.argv[2])
spec = importlib.util.spec_from_file_location('exported_detector', os.path.join(path, 'model.py'))
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
net = module.load_weights(module.Net(), os.path.join(path, 'weights.npz')).eval()
with np.load(os.path.join(path, 'parity.npz')) as f:
    x, want = f['input0'], f['output0']
with torch.no_grad():
    out = net(torch.from_numpy(x).permute(0, 3, 1, 2).contiguous())
    boxes = module.multibox_detection(out, classes, nms_threshold=0.5, min_score=0.01)
print(json.dumps({
    'maxDiff': float(np.abs(out.numpy() - want).max()),
    'output': want.tolist(),
    'boxes': [b.tolist() for b in boxes],
}))
