"""Small PyTorch models exported by torch.onnx.export, with a reference output for each.

Usage: torch_models.py OUT_DIR. Writes <name>.onnx (and external/gaphead.onnx with its weights in external/gaphead.weights), <name>.in.bin / <name>.out.bin (float32, C order,
input NCHW as PyTorch takes it) and models.json with the shapes. Generated in a temp folder by the
import tests, never committed.
"""
import json
import os
import sys

import onnx
import torch
from torch import nn

try:
    import torchvision
except ImportError:
    sys.exit("torch_models.py needs torchvision: apt-get install python3-torchvision")

torch.manual_seed(0)


def conv_bn(cin, cout, k=3, stride=1, groups=1, act=nn.ReLU):
    layers = [nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)]
    return nn.Sequential(*layers, act()) if act else nn.Sequential(*layers)


class Residual(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = conv_bn(cin, cout, stride=stride)
        self.conv2 = conv_bn(cout, cout, act=None)
        self.shortcut = conv_bn(cin, cout, k=1, stride=stride, act=None) if stride > 1 or cin != cout else nn.Identity()
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(self.conv2(self.conv1(x)) + self.shortcut(x))


class ResCNN(nn.Module):
    """Stem, two residual blocks (one downsampling), a concat of two branches, and a Linear over
    an NCHW flatten: the importer must permute that Linear's rows."""

    def __init__(self):
        super().__init__()
        self.stem = conv_bn(3, 8)
        self.pool = nn.MaxPool2d(2)
        self.layer1 = Residual(8, 8, 1)
        self.layer2 = Residual(8, 16, 2)
        self.branch = nn.Sequential(nn.AvgPool2d(3, stride=1, padding=1), nn.Conv2d(16, 4, 1))
        self.drop = nn.Dropout(0.3)
        self.fc = nn.Linear(20 * 4 * 4, 10)

    def forward(self, x):
        x = self.layer2(self.layer1(self.pool(self.stem(x))))
        x = torch.cat([x, self.branch(x)], 1)
        return torch.softmax(self.fc(self.drop(torch.flatten(x, 1))), 1)


class GapHead(nn.Module):
    """Global average pooling, a LeakyReLU MLP head with BatchNorm1d, sigmoid/tanh."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(conv_bn(3, 12), nn.Conv2d(12, 12, 3, padding=1, groups=12), nn.Tanh())
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Sequential(nn.Linear(12, 16), nn.BatchNorm1d(16), nn.LeakyReLU(0.1), nn.Linear(16, 3), nn.Sigmoid())

    def forward(self, x):
        # view(size(0), -1) exports as Shape → Gather → Unsqueeze → Concat → Reshape
        x = self.gap(self.features(x))
        return self.head(x.view(x.size(0), -1))


class InvertedResidual(nn.Module):
    """MobileNetV2's block: 1×1 expand, 3×3 depthwise, 1×1 project, all with BatchNorm and ReLU6."""

    def __init__(self, c, expand):
        super().__init__()
        self.block = nn.Sequential(conv_bn(c, c * expand, k=1, act=nn.ReLU6),
                                   conv_bn(c * expand, c * expand, groups=c * expand, act=nn.ReLU6),
                                   conv_bn(c * expand, c, k=1, act=None))

    def forward(self, x):
        return x + self.block(x)


class MobileNetish(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = conv_bn(3, 8, stride=2, act=nn.ReLU6)
        self.blocks = nn.Sequential(InvertedResidual(8, 4), InvertedResidual(8, 2))
        self.fc = nn.Linear(8, 4)

    def forward(self, x):
        return self.fc(self.blocks(self.stem(x)).mean((2, 3)))


class Inception(nn.Module):
    """GoogLeNet's block: four parallel branches (1×1; 1×1→3×3; 1×1→5×5; 3×3 max pool→1×1)
    concatenated on channels."""

    def __init__(self, cin, c1, c2, c3, c4):
        super().__init__()
        self.b1 = conv_bn(cin, c1, k=1)
        self.b2 = nn.Sequential(conv_bn(cin, c2[0], k=1), conv_bn(c2[0], c2[1], k=3))
        self.b3 = nn.Sequential(conv_bn(cin, c3[0], k=1), conv_bn(c3[0], c3[1], k=5))
        self.b4 = nn.Sequential(nn.MaxPool2d(3, stride=1, padding=1), conv_bn(cin, c4, k=1))

    def forward(self, x):
        return torch.cat([self.b1(x), self.b2(x), self.b3(x), self.b4(x)], 1)


class InceptionNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(conv_bn(3, 8), nn.MaxPool2d(3, stride=2, padding=1))
        self.inc1 = Inception(8, 4, (4, 8), (2, 4), 4)
        self.inc2 = Inception(20, 8, (8, 12), (4, 6), 6)
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 5))

    def forward(self, x):
        return self.head(self.inc2(self.inc1(self.stem(x))))


class DenseBlock(nn.Module):
    """DenseNet's block: each layer sees the concatenation of the block's input and every earlier
    layer's output."""

    def __init__(self, cin, growth, n):
        super().__init__()
        self.layers = nn.ModuleList(conv_bn(cin + i * growth, growth) for i in range(n))

    def forward(self, x):
        feats = [x]
        for layer in self.layers:
            feats.append(layer(torch.cat(feats, 1)))
        return torch.cat(feats, 1)


class DenseNetish(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = conv_bn(3, 8)
        self.block1 = DenseBlock(8, 4, 3)
        # transition: 1×1 convolution and average pooling halve the map
        self.trans = nn.Sequential(conv_bn(20, 10, k=1), nn.AvgPool2d(2))
        self.block2 = DenseBlock(10, 4, 2)
        self.fc = nn.Linear(18 * 4 * 4, 6)

    def forward(self, x):
        return self.fc(torch.flatten(self.block2(self.trans(self.block1(self.stem(x)))), 1))


class Deconv(nn.Module):
    """An encoder-decoder: transposed convolutions with stride 2 and padding, one with
    output_padding=1 (the 3×3 upsampling that exactly doubles the size), one 4×4 with padding 1."""

    def __init__(self):
        super().__init__()
        self.down = nn.Sequential(nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.ReLU())
        self.up1 = nn.ConvTranspose2d(8, 6, 3, stride=2, padding=1, output_padding=1)
        self.up2 = nn.ConvTranspose2d(6, 4, 4, stride=2, padding=1)
        self.pool = nn.AvgPool2d(4)

    def forward(self, x):
        return torch.flatten(self.pool(self.up2(torch.relu(self.up1(self.down(x))))), 1)


def randomize_bn(model):
    """Running statistics far from 0 and 1, so a BatchNorm imported wrong shows."""
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.5, 0.5)


def main(out):
    # built on a forked generator: the other models' weights and inputs stay those drawn before it was added
    with torch.random.fork_rng():
        torch.manual_seed(1)
        deconv = Deconv()
    models = {"rescnn": (ResCNN(), (2, 3, 16, 16)), "gaphead": (GapHead(), (2, 3, 8, 8)),
              "mobilenet": (MobileNetish(), (2, 3, 16, 16)),
              "inception": (InceptionNet(), (2, 3, 16, 16)), "densenet": (DenseNetish(), (2, 3, 8, 8)),
              "resnet18": (torchvision.models.resnet18(num_classes=10), (1, 3, 32, 32)),
              "deconv": (deconv, (2, 3, 8, 8))}
    meta = {}
    for name, (model, shape) in models.items():
        randomize_bn(model)
        model.eval()
        x = torch.randn(*shape)
        with torch.no_grad():
            y = model(x)
        torch.onnx.export(model, x, f"{out}/{name}.onnx", input_names=["image"], output_names=["scores"],
                          dynamic_axes={"image": {0: "batch"}, "scores": {0: "batch"}}, opset_version=17)
        x.numpy().tofile(f"{out}/{name}.in.bin")
        y.numpy().tofile(f"{out}/{name}.out.bin")
        # eval-mode BatchNorm2d is folded into the convolution before PyTorch writes the file
        folded = sum(m.num_features for m in model.modules() if isinstance(m, nn.BatchNorm2d))
        meta[name] = {"input": list(shape), "output": list(y.shape),
                      "params": sum(p.numel() for p in model.parameters()), "folded": folded}
    # the same model with its weights in a file beside it, as large models are saved
    os.makedirs(f"{out}/external", exist_ok=True)
    onnx.save_model(onnx.load(f"{out}/gaphead.onnx"), f"{out}/external/gaphead.onnx", save_as_external_data=True,
                    all_tensors_to_one_file=True, location="gaphead.weights", size_threshold=0)
    with open(f"{out}/models.json", "w") as f:
        json.dump(meta, f)


if __name__ == "__main__":
    main(sys.argv[1])
