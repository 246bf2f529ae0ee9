"""An "op soup" written as plain tensor code in one nn.Module, exported by torch.onnx.export, with
a reference output. Usage: torch_ops.py OUT_DIR. Writes opsoup.onnx, opsoup.in.bin / opsoup.out.bin
(float32, C order, input NCHW as PyTorch takes it) and opsoup.json with the shapes and parameter
counts. Generated in a temp folder by the import tests, never committed.
"""
import json
import sys

import torch
from torch import nn

torch.manual_seed(0)


class OpSoup(nn.Module):
    """A convolution, then arithmetic with no layer of its own: slicing with steps, a reduction
    over the channels kept for broadcasting, exp/log/sqrt, x @ W by a parameter, a hand-written
    normalisation, attention-like products of two computed tensors, gathers and a clamp."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.W = nn.Parameter(torch.randn(8, 6) * 0.3)
        # used only as constants in arithmetic: the import keeps it fixed, not trained
        self.mu = nn.Parameter(torch.randn(6) * 0.1)
        self.fc = nn.Linear(6, 5)

    def forward(self, x):
        h = torch.relu(self.conv(x))  # [N, 8, 8, 8]
        h = h[:, :, 1:7, ::2]  # [N, 8, 6, 4]
        h = h - h.amax(dim=1, keepdim=True)
        h = torch.exp(h)
        t = h.flatten(2).transpose(1, 2)  # [N, 24, 8]
        t = t @ self.W  # [N, 24, 6]
        t = torch.log(t.abs() + 1.0)
        t = (t - self.mu) / torch.sqrt(t.pow(2).mean(-1, keepdim=True) + 1e-3)
        a = t @ t.transpose(1, 2) / 4.0  # [N, 24, 24]
        a = torch.reciprocal(1.0 + a.abs()).sum(-1, keepdim=True)  # [N, 24, 1]
        t = (a * t)[:, 2:20]  # [N, 18, 6]
        u = t[:, 0] - torch.neg(t[:, -1]) * 0.5  # [N, 6]
        u = torch.minimum(torch.maximum(u, u.mean(dim=1, keepdim=True)), 2.0 - u)
        return self.fc(u)


def main(out):
    model = OpSoup().eval()
    x = torch.randn(2, 3, 8, 8)
    with torch.no_grad():
        y = model(x)
    torch.onnx.export(model, x, f"{out}/opsoup.onnx", input_names=["image"], output_names=["scores"],
                      dynamic_axes={"image": {0: "batch"}, "scores": {0: "batch"}}, opset_version=17)
    x.numpy().tofile(f"{out}/opsoup.in.bin")
    y.numpy().tofile(f"{out}/opsoup.out.bin")
    meta = {"input": list(x.shape), "output": list(y.shape),
            "params": sum(p.numel() for p in model.parameters()), "constants": model.mu.numel()}
    with open(f"{out}/opsoup.json", "w") as f:
        json.dump(meta, f)


if __name__ == "__main__":
    main(sys.argv[1])
