"""Reference training throughput in PyTorch for the models Deepwire benchmarks.

Prints one JSON line per model: {"model", "threads", "samplesPerSec"}. The models mirror the
presets (channels-first, as PyTorch expects); data is random, since only speed is measured.
"""
import json
import os
import sys
import time

import torch
from torch import nn


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
        nn.Linear(120, 84), nn.Sigmoid(),
        nn.Linear(84, 10))


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))


MODELS = {"lenet": (lenet, 0.9), "mlp": (mlp, 0.1)}


def bench(name, threads, batch, steps, warmup):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    make, lr = MODELS[name]
    net = make()
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))
    for i in range(warmup + steps):
        if i == warmup:
            t0 = time.perf_counter()
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
    return batch * steps / (time.perf_counter() - t0)


if __name__ == "__main__":
    batch, steps, warmup = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    for name in sys.argv[4].split(","):
        cores = os.cpu_count() or 1
        for threads in (1, cores) if cores > 1 else (1,):
            sps = bench(name, threads, batch, steps, warmup)
            print(json.dumps({"model": name, "threads": threads, "samplesPerSec": sps, "torch": torch.__version__}))
