"""PyTorch's default initialisation, measured: for each module, the largest |value| and the standard
deviation of its freshly initialised weight and bias, beside the fan-in PyTorch used.

Prints {"name": {"fan_in": n, "weight": [max_abs, std], "bias": [max_abs, std]}} as JSON (and
xavier_uniform_ on a convolution, with its fan_out); the
Deepwire test draws the same shapes with its 'torch-default' initialiser and compares.
"""

import json

import torch
from torch import nn

torch.manual_seed(0)
MODULES = {
    'dense': nn.Linear(400, 120),
    'conv2d': nn.Conv2d(6, 16, kernel_size=5),
    'conv1d': nn.Conv1d(8, 32, kernel_size=3),
    'conv2d_transpose': nn.ConvTranspose2d(32, 16, kernel_size=3),
}


def stats(t):
    return [t.abs().max().item(), t.std().item()]


out = {}
for name, m in MODULES.items():
    fan_in, _ = nn.init._calculate_fan_in_and_fan_out(m.weight)
    out[name] = {'fan_in': fan_in, 'weight': stats(m.weight.detach()), 'bias': stats(m.bias.detach())}
# the course's xavier_uniform_ (LeNet, AlexNet, VGG, NiN, GoogLeNet, ResNet, DenseNet)
xavier = nn.Conv2d(6, 16, kernel_size=5)
nn.init.xavier_uniform_(xavier.weight)
fan_in, fan_out = nn.init._calculate_fan_in_and_fan_out(xavier.weight)
out['xavier_conv2d'] = {'fan_in': fan_in, 'fan_out': fan_out, 'weight': stats(xavier.weight.detach()),
                        'bias': stats(xavier.bias.detach())}
print(json.dumps(out))
