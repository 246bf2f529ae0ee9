#!/usr/bin/env python3
"""The course's training recipes, written out in plain PyTorch, run on the very samples Deepwire
trains on, so the README can set the course's figure beside ours on the same split.

Each recipe follows the course's chapter: its network, its initialisation (N(0, 0.01) for the
linear models, Xavier-uniform for the CNNs), minibatch SGD, batch 256, 10 epochs, Fashion-MNIST's
60,000 training images and its 10,000 test images; the recurrent language models train on the
first 10,000 characters of The Time Machine (28-token vocabulary, one-hot input, 256 hidden
units, batch 32 x 35 steps, SGD lr 1, gradient norm clipped to 1, 500 epochs).

    npx tsx test/bench/course-data.ts DATA          # Fashion-MNIST as .npy, Deepwire's split
    /usr/bin/python3 test/bench/course_reference.py DATA [--only lenet,rnn] [--epochs N]

One JSON line per model: final training loss and accuracy (averaged over the last epoch, as the
course prints them), test accuracy or perplexity, seconds.
"""
import argparse
import json
import math
import os
import random
import re
import sys
import time

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
TEXT = os.path.join(HERE, '..', '..', 'resources', 'text', 'time-machine.txt')


def fashion(data):
    def part(name):
        x = np.load(os.path.join(data, f'fashion_{name}_x.npy')).astype(np.float32) / 255
        y = np.load(os.path.join(data, f'fashion_{name}_y.npy')).astype(np.int64)
        return torch.from_numpy(x).unsqueeze(1), torch.from_numpy(y)
    return part('train'), part('test')


def normal_init(m):
    if isinstance(m, nn.Linear):
        nn.init.normal_(m.weight, std=0.01)
        nn.init.zeros_(m.bias)


def xavier_init(m):
    # the course's CNN trainer re-draws only the weights; biases keep PyTorch's default
    if isinstance(m, (nn.Linear, nn.Conv2d)):
        nn.init.xavier_uniform_(m.weight)


def sigmoid_lenet(bn):
    def conv_block(cin, cout, pad):
        layers = [nn.Conv2d(cin, cout, kernel_size=5, padding=pad)]
        if bn:
            layers.append(nn.BatchNorm2d(cout))
        return layers + [nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2)]

    def dense(cin, cout):
        return [nn.Linear(cin, cout)] + ([nn.BatchNorm1d(cout)] if bn else []) + [nn.Sigmoid()]

    # the batch-norm chapter's LeNet drops the first convolution's padding
    return nn.Sequential(*conv_block(1, 6, 0 if bn else 2), *conv_block(6, 16, 0), nn.Flatten(),
                         *dense(16 * 4 * 4 if bn else 16 * 5 * 5, 120), *dense(120, 84), nn.Linear(84, 10))


IMAGE_RECIPES = {
    'softmax-regression': (lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), normal_init, 0.1),
    'mlp-course': (lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)),
                   normal_init, 0.1),
    'mlp-dropout': (lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2),
                                          nn.Linear(256, 256), nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, 10)),
                    normal_init, 0.5),
    'lenet': (lambda: sigmoid_lenet(False), xavier_init, 0.9),
    'bn-lenet': (lambda: sigmoid_lenet(True), xavier_init, 1.0),
}


def train_images(name, data, device, epochs, seed):
    build, init, lr = IMAGE_RECIPES[name]
    torch.manual_seed(seed)
    (xtr, ytr), (xte, yte) = data
    xtr, ytr, xte, yte = xtr.to(device), ytr.to(device), xte.to(device), yte.to(device)
    net = build().to(device)
    net.apply(init)
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    start = time.time()
    for _ in range(epochs):
        net.train()
        total_loss = correct = seen = 0.0
        for idx in torch.randperm(len(ytr), device=device).split(256):
            x, y = xtr[idx], ytr[idx]
            out = net(x)
            loss = loss_fn(out, y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total_loss += loss.item() * len(y)
            correct += (out.argmax(1) == y).sum().item()
            seen += len(y)
        net.eval()
        with torch.no_grad():
            test_acc = sum((net(xte[i:i + 1000]).argmax(1) == yte[i:i + 1000]).sum().item()
                           for i in range(0, len(yte), 1000)) / len(yte)
    return {'model': name, 'epochs': epochs, 'train_loss': round(total_loss / seen, 4),
            'train_acc': round(correct / seen, 4), 'test_acc': round(test_acc, 4),
            'seconds': round(time.time() - start, 1)}


def course_corpus(max_tokens=10000):
    """The course's character corpus: letters only, lower case, lines joined without a separator."""
    with open(TEXT, encoding='utf-8') as f:
        lines = [re.sub('[^A-Za-z]+', ' ', line).strip().lower() for line in f]
    tokens = [ch for line in lines for ch in line]
    counts = {}
    for t in tokens:
        counts[t] = counts.get(t, 0) + 1
    vocab = ['<unk>'] + sorted(counts, key=lambda t: (-counts[t], t))
    index = {t: i for i, t in enumerate(vocab)}
    corpus = [index[t] for t in tokens]
    return corpus[:max_tokens], len(vocab)


def sequential_batches(corpus, batch, steps):
    offset = random.randint(0, steps)
    n = ((len(corpus) - offset - 1) // batch) * batch
    xs = torch.tensor(corpus[offset:offset + n]).reshape(batch, -1)
    ys = torch.tensor(corpus[offset + 1:offset + 1 + n]).reshape(batch, -1)
    for i in range(0, (xs.shape[1] // steps) * steps, steps):
        yield xs[:, i:i + steps], ys[:, i:i + steps]


def random_batches(corpus, batch, steps):
    corpus = corpus[random.randint(0, steps - 1):]
    starts = list(range(0, ((len(corpus) - 1) // steps) * steps, steps))
    random.shuffle(starts)
    for i in range(0, (len(starts) // batch) * batch, batch):
        chunk = starts[i:i + batch]
        yield (torch.tensor([corpus[j:j + steps] for j in chunk]),
               torch.tensor([corpus[j + 1:j + 1 + steps] for j in chunk]))


class CharModel(nn.Module):
    def __init__(self, cell, vocab, hidden=256):
        super().__init__()
        self.vocab = vocab
        self.rnn = {'rnn': nn.RNN, 'gru': nn.GRU, 'lstm': nn.LSTM}[cell](vocab, hidden)
        self.out = nn.Linear(hidden, vocab)

    def forward(self, x, state):
        h, state = self.rnn(nn.functional.one_hot(x.T, self.vocab).float(), state)
        return self.out(h.reshape(-1, h.shape[-1])), state


def detach(state):
    return tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()


def train_chars(cell, device, epochs, seed, partition):
    random.seed(seed)
    torch.manual_seed(seed)
    corpus, vocab = course_corpus()
    net = CharModel(cell, vocab).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=1)
    loss_fn = nn.CrossEntropyLoss()
    start = time.time()
    for _ in range(epochs):
        state, total, count = None, 0.0, 0
        batches = sequential_batches if partition == 'sequential' else random_batches
        for x, y in batches(corpus, 32, 35):
            if partition == 'random':
                state = None
            elif state is not None:
                state = detach(state)
            out, state = net(x.to(device), state)
            loss = loss_fn(out, y.T.reshape(-1).to(device))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1)
            opt.step()
            total += loss.item() * y.numel()
            count += y.numel()
    return {'model': f'{cell}-course', 'partition': partition, 'epochs': epochs, 'vocab': vocab,
            'tokens': len(corpus), 'perplexity': round(math.exp(total / count), 3),
            'seconds': round(time.time() - start, 1)}


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('data', help='folder written by test/bench/course-data.ts')
    p.add_argument('--only', default='', help='comma-separated models (default: all)')
    p.add_argument('--epochs', type=int, default=0, help='override every recipe\'s epochs')
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--partition', default='sequential', choices=['sequential', 'random'])
    args = p.parse_args()
    device = 'cuda' if torch.cuda.is_available() else 'cpu'
    chosen = [m for m in args.only.split(',') if m] or [*IMAGE_RECIPES, 'rnn', 'gru', 'lstm']
    data = fashion(args.data) if any(m in IMAGE_RECIPES for m in chosen) else None
    for m in chosen:
        if m in IMAGE_RECIPES:
            row = train_images(m, data, device, args.epochs or 10, args.seed)
        elif m in ('rnn', 'gru', 'lstm'):
            row = train_chars(m, device, args.epochs or 500, args.seed, args.partition)
        else:
            sys.exit(f'unknown model {m!r}: choose from {", ".join([*IMAGE_RECIPES, "rnn", "gru", "lstm"])}')
        print(json.dumps({**row, 'device': device, 'torch': torch.__version__}), flush=True)


if __name__ == '__main__':
    main()
