"""PyTorch reference models for Deepwire's vision presets.

The course ("Dive into Deep Learning", PyTorch edition) builds BN-LeNet, the dropout MLP, AlexNet,
VGG-11, NiN, GoogLeNet, ResNet-18 and DenseNet for 1-channel Fashion-MNIST with 10 classes; UNet++ follows the public
PyTorch implementation of the paper (NestedUNet: filters 32-64-128-256-512, conv-BN-ReLU twice per
node, bilinear ×2 up-sampling, 3-channel input, 1 class, no deep supervision). FCN is the course's
(ResNet-18 backbone + 1×1 class conv + stride-32 transposed conv) at a quarter of ResNet-18's width. Re-typed from the architectures' structure.

Prints {"model": {"params": trainable count, "output": output shape}} as JSON. With --no-forward
only the counts are computed; the forward pass confirms the input sizes the presets use.
"""

import json
import sys

import torch
from torch import nn


def alexnet():
    return nn.Sequential(
        nn.Conv2d(1, 96, kernel_size=11, stride=4, padding=1), nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(96, 256, kernel_size=5, padding=2), nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(256, 384, kernel_size=3, padding=1), nn.ReLU(),
        nn.Conv2d(384, 384, kernel_size=3, padding=1), nn.ReLU(),
        nn.Conv2d(384, 256, kernel_size=3, padding=1), nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Flatten(),
        nn.Linear(6400, 4096), nn.ReLU(), nn.Dropout(p=0.5),
        nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(p=0.5),
        nn.Linear(4096, 10),
    )


def vgg_block(num_convs, in_channels, out_channels):
    layers = []
    for _ in range(num_convs):
        layers += [nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1), nn.ReLU()]
        in_channels = out_channels
    layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
    return nn.Sequential(*layers)


def vgg11(conv_arch=((1, 64), (1, 128), (2, 256), (2, 512), (2, 512))):
    blocks, in_channels = [], 1
    for num_convs, out_channels in conv_arch:
        blocks.append(vgg_block(num_convs, in_channels, out_channels))
        in_channels = out_channels
    return nn.Sequential(
        *blocks, nn.Flatten(),
        nn.Linear(in_channels * 7 * 7, 4096), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(4096, 10),
    )


def nin_block(in_channels, out_channels, kernel_size, strides, padding):
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel_size, strides, padding), nn.ReLU(),
        nn.Conv2d(out_channels, out_channels, kernel_size=1), nn.ReLU(),
        nn.Conv2d(out_channels, out_channels, kernel_size=1), nn.ReLU(),
    )


def nin():
    return nn.Sequential(
        nin_block(1, 96, kernel_size=11, strides=4, padding=0),
        nn.MaxPool2d(3, stride=2),
        nin_block(96, 256, kernel_size=5, strides=1, padding=2),
        nn.MaxPool2d(3, stride=2),
        nin_block(256, 384, kernel_size=3, strides=1, padding=1),
        nn.MaxPool2d(3, stride=2),
        nn.Dropout(0.5),
        nin_block(384, 10, kernel_size=3, strides=1, padding=1),
        nn.AdaptiveAvgPool2d((1, 1)),
        nn.Flatten(),
    )


class Inception(nn.Module):
    # c1..c4: output channels of the four paths (c2, c3 are (reduce, out) pairs)
    def __init__(self, in_channels, c1, c2, c3, c4):
        super().__init__()
        self.p1_1 = nn.Conv2d(in_channels, c1, kernel_size=1)
        self.p2_1 = nn.Conv2d(in_channels, c2[0], kernel_size=1)
        self.p2_2 = nn.Conv2d(c2[0], c2[1], kernel_size=3, padding=1)
        self.p3_1 = nn.Conv2d(in_channels, c3[0], kernel_size=1)
        self.p3_2 = nn.Conv2d(c3[0], c3[1], kernel_size=5, padding=2)
        self.p4_1 = nn.MaxPool2d(kernel_size=3, stride=1, padding=1)
        self.p4_2 = nn.Conv2d(in_channels, c4, kernel_size=1)

    def forward(self, x):
        relu = torch.relu
        p1 = relu(self.p1_1(x))
        p2 = relu(self.p2_2(relu(self.p2_1(x))))
        p3 = relu(self.p3_2(relu(self.p3_1(x))))
        p4 = relu(self.p4_2(self.p4_1(x)))
        return torch.cat((p1, p2, p3, p4), dim=1)


def googlenet():
    b1 = nn.Sequential(
        nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3), nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
    )
    b2 = nn.Sequential(
        nn.Conv2d(64, 64, kernel_size=1), nn.ReLU(),
        nn.Conv2d(64, 192, kernel_size=3, padding=1), nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
    )
    b3 = nn.Sequential(
        Inception(192, 64, (96, 128), (16, 32), 32),
        Inception(256, 128, (128, 192), (32, 96), 64),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
    )
    b4 = nn.Sequential(
        Inception(480, 192, (96, 208), (16, 48), 64),
        Inception(512, 160, (112, 224), (24, 64), 64),
        Inception(512, 128, (128, 256), (24, 64), 64),
        Inception(512, 112, (144, 288), (32, 64), 64),
        Inception(528, 256, (160, 320), (32, 128), 128),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
    )
    b5 = nn.Sequential(
        Inception(832, 256, (160, 320), (32, 128), 128),
        Inception(832, 384, (192, 384), (48, 128), 128),
        nn.AdaptiveAvgPool2d((1, 1)),
        nn.Flatten(),
    )
    return nn.Sequential(b1, b2, b3, b4, b5, nn.Linear(1024, 10))


class Residual(nn.Module):
    def __init__(self, input_channels, num_channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1, stride=strides)
        self.conv2 = nn.Conv2d(num_channels, num_channels, kernel_size=3, padding=1)
        self.conv3 = (
            nn.Conv2d(input_channels, num_channels, kernel_size=1, stride=strides) if use_1x1conv else None
        )
        self.bn1 = nn.BatchNorm2d(num_channels)
        self.bn2 = nn.BatchNorm2d(num_channels)

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        if self.conv3 is not None:
            x = self.conv3(x)
        return torch.relu(y + x)


def resnet_block(input_channels, num_channels, num_residuals, first_block=False):
    blocks = []
    for i in range(num_residuals):
        if i == 0 and not first_block:
            blocks.append(Residual(input_channels, num_channels, use_1x1conv=True, strides=2))
        else:
            blocks.append(Residual(num_channels, num_channels))
    return blocks


def stem():
    return nn.Sequential(
        nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3), nn.BatchNorm2d(64), nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
    )


def resnet18():
    return nn.Sequential(
        stem(),
        nn.Sequential(*resnet_block(64, 64, 2, first_block=True)),
        nn.Sequential(*resnet_block(64, 128, 2)),
        nn.Sequential(*resnet_block(128, 256, 2)),
        nn.Sequential(*resnet_block(256, 512, 2)),
        nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(512, 10),
    )


def conv_block(input_channels, num_channels):
    return nn.Sequential(
        nn.BatchNorm2d(input_channels), nn.ReLU(),
        nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1),
    )


class DenseBlock(nn.Module):
    def __init__(self, num_convs, input_channels, num_channels):
        super().__init__()
        self.net = nn.Sequential(
            *[conv_block(num_channels * i + input_channels, num_channels) for i in range(num_convs)]
        )

    def forward(self, x):
        for blk in self.net:
            x = torch.cat((x, blk(x)), dim=1)
        return x


def transition_block(input_channels, num_channels):
    return nn.Sequential(
        nn.BatchNorm2d(input_channels), nn.ReLU(),
        nn.Conv2d(input_channels, num_channels, kernel_size=1),
        nn.AvgPool2d(kernel_size=2, stride=2),
    )


def densenet(num_channels=64, growth_rate=32, num_convs_in_dense_blocks=(4, 4, 4, 4)):
    blks = []
    for i, num_convs in enumerate(num_convs_in_dense_blocks):
        blks.append(DenseBlock(num_convs, num_channels, growth_rate))
        num_channels += num_convs * growth_rate
        if i != len(num_convs_in_dense_blocks) - 1:
            blks.append(transition_block(num_channels, num_channels // 2))
            num_channels = num_channels // 2
    return nn.Sequential(
        stem(), *blks,
        nn.BatchNorm2d(num_channels), nn.ReLU(),
        nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(num_channels, 10),
    )


def fcn(num_classes=4):
    # the course's FCN on ResNet-18 at a quarter of its width (16-32-64-128 channels), 64×64 RGB:
    # the backbone without its global pooling and classifier takes 64×64 to 2×2, a 1×1 convolution
    # gives the class scores, a transposed convolution (kernel 64, stride 32, padding 16) restores 64×64
    return nn.Sequential(
        nn.Conv2d(3, 16, kernel_size=7, stride=2, padding=3), nn.BatchNorm2d(16), nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
        nn.Sequential(*resnet_block(16, 16, 2, first_block=True)),
        nn.Sequential(*resnet_block(16, 32, 2)),
        nn.Sequential(*resnet_block(32, 64, 2)),
        nn.Sequential(*resnet_block(64, 128, 2)),
        nn.Conv2d(128, num_classes, kernel_size=1),
        nn.ConvTranspose2d(num_classes, num_classes, kernel_size=64, padding=16, stride=32),
    )


class ConvNode(nn.Module):
    """One UNet++ node X(i, j): (3×3 conv → BN → ReLU) twice."""

    def __init__(self, in_channels, middle_channels, out_channels):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(in_channels, middle_channels, 3, padding=1), nn.BatchNorm2d(middle_channels), nn.ReLU(),
            nn.Conv2d(middle_channels, out_channels, 3, padding=1), nn.BatchNorm2d(out_channels), nn.ReLU(),
        )

    def forward(self, x):
        return self.body(x)


class UNetPlusPlus(nn.Module):
    def __init__(self, num_classes=1, input_channels=3, filters=(32, 64, 128, 256, 512)):
        super().__init__()
        self.pool = nn.MaxPool2d(2, 2)
        self.up = nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True)
        # node (i, j): depth i, j-th node of its row; it sees the j earlier nodes of row i and the
        # up-sampled node (i + 1, j − 1)
        self.nodes = nn.ModuleDict()
        for j in range(5):
            for i in range(5 - j):
                if j == 0:
                    cin = input_channels if i == 0 else filters[i - 1]
                else:
                    cin = filters[i] * j + filters[i + 1]
                self.nodes[f'{i}_{j}'] = ConvNode(cin, filters[i], filters[i])
        self.final = nn.Conv2d(filters[0], num_classes, kernel_size=1)

    def forward(self, x):
        rows = [[] for _ in range(5)]
        for i in range(5):
            rows[i].append(self.nodes[f'{i}_0'](x if i == 0 else self.pool(rows[i - 1][0])))
            # the anti-diagonal i + j = const becomes computable once X(i, 0) exists
            for j in range(1, i + 1):
                r = i - j
                rows[r].append(self.nodes[f'{r}_{j}'](torch.cat([*rows[r], self.up(rows[r + 1][j - 1])], 1)))
        return self.final(rows[0][4])


def bn_lenet():
    # the course's BatchNorm chapter, concise version: BatchNorm before each sigmoid, no padding
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5), nn.BatchNorm2d(6), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.BatchNorm2d(16), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2), nn.Flatten(),
        nn.Linear(256, 120), nn.BatchNorm1d(120), nn.Sigmoid(),
        nn.Linear(120, 84), nn.BatchNorm1d(84), nn.Sigmoid(),
        nn.Linear(84, 10))


def mlp_dropout(dropout1=0.2, dropout2=0.5):
    # the course's dropout chapter, concise version
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 256), nn.ReLU(), nn.Dropout(dropout1),
        nn.Linear(256, 256), nn.ReLU(), nn.Dropout(dropout2),
        nn.Linear(256, 10))


MODELS = {
    'bn-lenet': (bn_lenet, (1, 1, 28, 28)),
    'mlp-dropout': (mlp_dropout, (1, 1, 28, 28)),
    'alexnet': (alexnet, (1, 1, 224, 224)),
    'vgg11': (vgg11, (1, 1, 224, 224)),
    'nin': (nin, (1, 1, 224, 224)),
    'googlenet': (googlenet, (1, 1, 96, 96)),
    'resnet18': (resnet18, (1, 1, 96, 96)),
    'densenet': (densenet, (1, 1, 96, 96)),
    'fcn': (fcn, (1, 3, 64, 64)),
    'unetpp': (UNetPlusPlus, (1, 3, 64, 64)),
}


def main():
    forward = '--no-forward' not in sys.argv
    torch.manual_seed(0)
    out = {}
    for name, (build, shape) in MODELS.items():
        model = build().eval()
        entry = {'params': sum(p.numel() for p in model.parameters() if p.requires_grad)}
        if forward:
            with torch.no_grad():
                entry['output'] = list(model(torch.zeros(shape)).shape)
        out[name] = entry
    print(json.dumps(out))


if __name__ == '__main__':
    main()
