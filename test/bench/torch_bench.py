"""PyTorch side of `npm run bench`, on the very model Deepwire exported (model.py + weights.npz).

  torch_bench.py train <package dir> <batch> <steps> <warmup> <optimizer JSON> <input shape, NCHW, comma-separated>
  torch_bench.py infer <package dir> <batch> <runs> <input shape>
  torch_bench.py conv <runs> <N,H,W,Cin,kh,kw,Cout,stride> ...

Prints one JSON line per thread count (1, then all cores): samples/s for `train` (steps of the
graph's own optimizer, as Deepwire's training config describes it, on random data, cross-entropy
against random labels), the median milliseconds of one eager forward pass for `infer`. Data is
random: only speed is measured. `conv` times single valid convolutions on one thread (the
profiler's evidence of what the wasm kernels can reach) and prints their median milliseconds.
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


def optimizer(params, cfg):
    """The PyTorch twin of a Deepwire optimizer config (engine/train/optimizer.ts)."""
    kind, lr = cfg["type"], cfg["lr"]
    if kind == "sgd":
        return torch.optim.SGD(params, lr=lr, weight_decay=cfg.get("weightDecay", 0))
    if kind == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=cfg["momentum"], weight_decay=cfg.get("weightDecay", 0))
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=0.99, eps=1e-8, weight_decay=cfg.get("weightDecay", 0))
    betas = (cfg["beta1"], cfg["beta2"])
    if kind == "adamw":
        return torch.optim.AdamW(params, lr=lr, betas=betas, eps=1e-8, weight_decay=cfg.get("weightDecay", 0))
    return torch.optim.Adam(params, lr=lr, betas=betas, eps=1e-8, weight_decay=cfg.get("weightDecay", 0))


def train(net, shape, batch, steps, warmup, opt_cfg):
    opt = optimizer(net.parameters(), opt_cfg)
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


def conv(runs, spec):
    n, h, w, cin, kh, kw, cout, stride = (int(v) for v in spec.split(","))
    x = torch.rand(n, cin, h, w)
    f = torch.rand(cout, cin, kh, kw)
    with torch.no_grad():
        torch.nn.functional.conv2d(x, f, stride=stride)
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            torch.nn.functional.conv2d(x, f, stride=stride)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return times[len(times) // 2]


if __name__ == "__main__":
    if sys.argv[1] == "conv":
        torch.set_num_threads(1)
        for spec in sys.argv[3:]:
            print(json.dumps({"threads": 1, "torch": torch.__version__, "ms": conv(int(sys.argv[2]), spec)}))
        sys.exit(0)
    mode, pkg = sys.argv[1], sys.argv[2]
    shape = [int(v) for v in sys.argv[-1].split(",")]
    cores = os.cpu_count() or 1
    for threads in (1, cores) if cores > 1 else (1,):
        torch.set_num_threads(threads)
        torch.manual_seed(0)
        net = load(pkg)
        if mode == "train":
            r = train(net, shape, int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), json.loads(sys.argv[6]))
        else:
            r = infer(net, shape, int(sys.argv[3]), int(sys.argv[4]))
        print(json.dumps({"threads": threads, "torch": torch.__version__, **r}), flush=True)
