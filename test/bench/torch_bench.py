"""PyTorch side of `npm run bench`, on the very model Deepwire exported (model.py + weights.npz).

  torch_bench.py train <package dir> <batch> <steps> <warmup> <input shape, NCHW, comma-separated>
  torch_bench.py infer <package dir> <batch> <runs> <input shape>

Prints one JSON line per thread count (1, then all cores): samples/s for `train` (SGD steps on
random data, cross-entropy against random labels), the median milliseconds of one eager forward
pass for `infer`. Data is random: only speed is measured.
"""
import importlib.util
import json
import os
import sys
import time

import torch


def load(pkg):
    spec = importlib.util.spec_from_file_location("model", os.path.join(pkg, "model.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.load_weights(mod.Net(), os.path.join(pkg, "weights.npz"))


def train(net, shape, batch, steps, warmup):
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    x = torch.rand(batch, *shape)
    classes = net(x[:1]).shape[-1]
    y = torch.randint(0, classes, (batch,))
    loss_fn = torch.nn.CrossEntropyLoss()
    net.train()
    for i in range(warmup + steps):
        if i == warmup:
            t0 = time.perf_counter()
        opt.zero_grad()
        loss_fn(net(x).reshape(batch, -1), y).backward()
        opt.step()
    return {"samplesPerSec": batch * steps / (time.perf_counter() - t0)}


def infer(net, shape, batch, runs):
    net.eval()
    x = torch.rand(batch, *shape)
    times = []
    with torch.no_grad():
        net(x)
        for _ in range(runs):
            t0 = time.perf_counter()
            net(x)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"ms": times[len(times) // 2]}


if __name__ == "__main__":
    mode, pkg = sys.argv[1], sys.argv[2]
    shape = [int(v) for v in sys.argv[-1].split(",")]
    cores = os.cpu_count() or 1
    for threads in (1, cores) if cores > 1 else (1,):
        torch.set_num_threads(threads)
        torch.manual_seed(0)
        net = load(pkg)
        if mode == "train":
            r = train(net, shape, int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
        else:
            r = infer(net, shape, int(sys.argv[3]), int(sys.argv[4]))
        print(json.dumps({"threads": threads, "torch": torch.__version__, **r}), flush=True)
