"""PyTorch reference for the GPU benchmark, on the models Deepwire exported (model.py of each preset).

  torch_gpu.py <presets dir> <exports dir> '<[["lenet",256,10], ...]>' [cuda|cpu]

Trains each preset's exported Net with the preset's own optimizer on random data (the same batch sizes and step
counts as test/bench/gpu-steps.ts) and prints one JSON line per model: ms per step and samples/s, timed after
two warm-up steps with the device synchronised, so the figures sit beside Deepwire's webgpu and wasm columns.
"""
import importlib.util
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_bench import optimizer  # noqa: E402  the optimizer twins live there


def net_of(folder):
    spec = importlib.util.spec_from_file_location("model", os.path.join(folder, "model.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.Net()


def main():
    presets, exports, models = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    dev = torch.device(sys.argv[4] if len(sys.argv) > 4 else "cuda")
    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)
    if dev.type == "cuda":
        print(json.dumps({"device": torch.cuda.get_device_name(0), "torch": torch.__version__}))
    for name, batch, steps in models:
        doc = json.load(open(os.path.join(presets, name + ".json")))
        inp = next(n for n in doc["nodes"] if n["type"] == "Input")["params"]
        shape = inp["shape"]
        net = net_of(os.path.join(exports, name)).to(dev).train()
        if inp.get("dtype") == "int32":
            x = torch.randint(1, 10, (batch, *shape), device=dev)
        else:  # Deepwire's HWC becomes PyTorch's CHW
            x = torch.rand(batch, *(shape[-1:] + shape[:-1]) if len(shape) == 3 else shape, device=dev)
        out = net(x)
        if out.dim() == 2:
            y = torch.randint(0, out.shape[-1], (batch,), device=dev)
            loss_fn = torch.nn.CrossEntropyLoss()
        else:
            y = torch.rand_like(out).round()
            loss_fn = torch.nn.BCEWithLogitsLoss() if doc["training"]["loss"] == "binary-cross-entropy" else torch.nn.MSELoss()
        # the schema's defaults where a preset leaves them out
        cfg = {"beta1": 0.9, "beta2": 0.999, "momentum": 0.9, **doc["training"]["optimizer"]}
        opt = optimizer(net.parameters(), cfg)
        for i in range(2 + steps):
            if i == 2:
                sync()
                t0 = time.perf_counter()
            opt.zero_grad()
            loss_fn(net(x), y).backward()
            opt.step()
        sync()
        ms = (time.perf_counter() - t0) * 1000 / steps
        print(json.dumps({"name": name, "batch": batch, "msPerStep": round(ms, 2), "samplesPerSec": round(batch * 1000 / ms, 1)}))


main()
