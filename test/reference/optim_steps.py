"""Three steps of a torch.optim optimiser on one scalar weight starting at 1.

    python3 optim_steps.py "<constructor expression of params and lr>" LR

The gradients are 1, -2, 0.5 (test/unit/train/course-optimizers.test.ts uses the same); prints the
weight after each step as a JSON list.
"""

import json
import sys

import torch

expression, lr = sys.argv[1], float(sys.argv[2])
w = torch.nn.Parameter(torch.tensor(1.0))
params = [w]
optimizer = eval(expression, {'torch': torch, 'params': params, 'lr': lr})
seen = []
for g in (1.0, -2.0, 0.5):
    optimizer.zero_grad()
    w.grad = torch.tensor(g)
    optimizer.step()
    seen.append(w.item())
print(json.dumps(seen))
