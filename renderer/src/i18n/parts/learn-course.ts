/** The Learn tab's lessons on optimisers and schedules, numerical stability and batch normalisation. */
export const en = {
  learnOpt: {
    note: 'The course’s stretched bowl f(x) = 0.1·x₁² + 2·x₂²: twenty times steeper across x₂ than along x₁, with its minimum at the white diamond. Every path starts at (−5, −2) and uses the engine’s own update rule and constants, so what you see is what training with that optimiser does. Untick a method to hide it; each has its own learning rate η.',
    names: {
      sgd: 'SGD',
      momentum: 'Momentum',
      rmsprop: 'RMSProp',
      adagrad: 'Adagrad',
      adadelta: 'Adadelta',
      adam: 'Adam',
    },
    about: {
      sgd: 'one rate for both directions: a rate that suits the steep x₂ is slow along x₁',
      momentum: 'the velocity builds up along the gentle x₁ and overshoots across the steep x₂ (β 0.9)',
      rmsprop:
        'divides each coordinate by a running mean of its squared gradients, so both move alike (α 0.99)',
      adagrad: 'divides by the sum of every squared gradient so far: steps only ever shrink',
      adadelta:
        'no rate of its own: the step is scaled by the size of the recent steps, so it starts tiny (ρ 0.9)',
      adam: 'momentum plus RMSProp’s scaling, both corrected for starting at zero',
    },
    schedules: 'Learning-rate schedules',
    schedulesNote:
      'The rate per epoch as the engine computes it for a run (the Training tab’s LR schedule). Multi-factor step: the rate is multiplied by the factor at each milestone — the course’s example halves 0.5 at epochs 15 and 30. Warm-up + cosine: the rate climbs from 0 to the base rate over the warm-up epochs, so the first updates of a fresh network stay small, then follows half a cosine down to the final rate and holds it — the course’s 0.3 → 0.01 by epoch 20 after 5 warm-up epochs.',
    epochs: 'Epochs',
    epochAxis: 'epoch (from 0)',
  },
  learnStable: {
    note: 'Backpropagation multiplies the gradient by one factor per layer on its way to the input: the layer’s weights times its activation’s slope. Many factors below one make the first layers’ gradients vanish; many above one make them explode. This lesson trains four deep networks on one batch of Fashion-MNIST images with the engine and reads each layer’s gradient norm from the Inspect histograms.',
    why: 'The sigmoid’s slope is at most 0.25, so every sigmoid layer shrinks the gradient at least fourfold; weights drawn with σ = 0.01 shrink it much further and also shrink the signal on the way forward. Xavier initialisation scales the weights to the layer’s width so a signal keeps its size; ReLU passes the gradient unchanged wherever a unit is active.',
    depth: 'Hidden layers',
    units: 'Units per layer',
    measure: 'Train the four networks and measure',
    layerAxis: 'layer (1 = next to the input; the last is the output layer)',
    normAxis: '‖gradient‖',
    cases: {
      'sigmoid-normal': 'sigmoid, normal σ 0.01',
      'sigmoid-glorot': 'sigmoid, Xavier',
      'relu-normal': 'ReLU, normal σ 0.01',
      'relu-glorot': 'ReLU, Xavier',
    },
    first: 'first layer',
    last: 'output layer',
    ratio: 'first / output',
    read: 'Read the chart from right to left, as the gradient travels. In our run with 8 layers of 64 units, sigmoid with σ 0.01 loses a factor of about 10¹³ between the output and the first layer; sigmoid with Xavier still about 10⁴ (the 0.25 slope, layer after layer); ReLU with σ 0.01 starves every hidden layer; ReLU with Xavier keeps all of them within a factor of five. Each run is in Runs, and Inspect → Histograms shows its full distributions.',
  },
  learnBn: {
    note: 'The course’s LeNet (sigmoid, average pooling) and BN-LeNet, which puts batch normalisation between each convolution or hidden Dense layer and its sigmoid. One click trains both, one after the other, on the same Fashion-MNIST images with the same seed and number of epochs — each with the course’s own learning rate (0.9 and 1.0) — and opens Runs with their curves overlaid.',
    why: 'Batch normalisation rescales each channel of a mini-batch to mean 0 and variance 1 and then lets the network pick a scale γ and shift β of its own. The sigmoids then see inputs around zero, where their slope is largest, so gradients reach the first layers and a large learning rate is safe.',
    images: 'Images',
    epochs: 'Epochs',
    compare: 'Train LeNet and BN-LeNet, then compare',
    expect:
      'With the defaults (12,000 images, 2 epochs: a few minutes on a laptop) our runs ended with the plain LeNet at chance, 10.6 % validation accuracy, and BN-LeNet at 70.8 % (57.8 % after its first epoch). The Training tab shows the run in progress.',
  },
}

export const zh: typeof en = {
  learnOpt: {
    note: '课程中被拉伸的碗形函数 f(x) = 0.1·x₁² + 2·x₂²：沿 x₂ 方向比沿 x₁ 陡二十倍，最小值在白色菱形处。所有路径都从 (−5, −2) 出发，使用引擎自己的更新规则与常数，因此看到的就是用该优化器训练时的行为。取消勾选可隐藏某个方法；每个方法有各自的学习率 η。',
    names: {
      sgd: 'SGD',
      momentum: '动量法',
      rmsprop: 'RMSProp',
      adagrad: 'Adagrad',
      adadelta: 'Adadelta',
      adam: 'Adam',
    },
    about: {
      sgd: '两个方向共用一个学习率：适合陡峭 x₂ 的学习率在平缓的 x₁ 上走得很慢',
      momentum: '速度沿平缓的 x₁ 累积，在陡峭的 x₂ 方向来回越过谷底（β 0.9）',
      rmsprop: '每个坐标除以其梯度平方的滑动平均，两个方向前进得差不多（α 0.99）',
      adagrad: '除以迄今所有梯度平方之和：步长只会越来越小',
      adadelta: '没有自己的学习率：步长按最近几步的大小缩放，所以起步很小（ρ 0.9）',
      adam: '动量加上 RMSProp 的缩放，两者都修正了从零开始的偏差',
    },
    schedules: '学习率调度',
    schedulesNote:
      '引擎为一次训练计算的每轮学习率（即“训练”标签页中的学习率调度）。多因子阶梯：每到一个里程碑，学习率乘以衰减因子——课程的例子从 0.5 开始，在第 15 和 30 轮各减半。预热 + 余弦：学习率在预热轮数内从 0 升到基础学习率，使新网络最初的更新保持较小，然后沿半个余弦降到最终学习率并保持——课程中预热 5 轮后到第 20 轮从 0.3 降到 0.01。',
    epochs: '轮数',
    epochAxis: '轮次（从 0 起）',
  },
  learnStable: {
    note: '反向传播把梯度送回输入时，每经过一层就乘上一个因子：该层的权重乘以其激活函数的斜率。许多小于一的因子相乘会让前几层的梯度消失；许多大于一的因子则让它爆炸。本课用引擎在一批 Fashion-MNIST 图像上训练四个深层网络，并从“检查”中的直方图读出每一层的梯度范数。',
    why: 'sigmoid 的斜率最多为 0.25，所以每个 sigmoid 层至少把梯度缩小四倍；用 σ = 0.01 抽取的权重还会大幅缩小梯度，并在前向传播时缩小信号。Xavier 初始化按层宽缩放权重，使信号大小保持不变；ReLU 在单元激活处把梯度原样传回。',
    depth: '隐藏层数',
    units: '每层单元数',
    measure: '训练这四个网络并测量',
    layerAxis: '层（1 = 紧邻输入；最后一层是输出层）',
    normAxis: '‖梯度‖',
    cases: {
      'sigmoid-normal': 'sigmoid，正态 σ 0.01',
      'sigmoid-glorot': 'sigmoid，Xavier',
      'relu-normal': 'ReLU，正态 σ 0.01',
      'relu-glorot': 'ReLU，Xavier',
    },
    first: '第一层',
    last: '输出层',
    ratio: '第一层 / 输出层',
    read: '请从右往左读图，这正是梯度传播的方向。在我们 8 层、每层 64 个单元的运行中，sigmoid 配 σ 0.01 从输出层到第一层损失约 10¹³ 倍；sigmoid 配 Xavier 仍损失约 10⁴ 倍（每层 0.25 的斜率）；ReLU 配 σ 0.01 让所有隐藏层都几乎得不到梯度；ReLU 配 Xavier 让各层梯度相差不到五倍。每次运行都在“运行记录”中，“检查 → 直方图”可查看完整分布。',
  },
  learnBn: {
    note: '课程中的 LeNet（sigmoid、平均汇聚）与 BN-LeNet：后者在每个卷积层或隐藏全连接层与其 sigmoid 之间加入批量规范化。一键依次训练两者，使用相同的 Fashion-MNIST 图像、相同的随机种子和轮数——各自使用课程中的学习率（0.9 和 1.0）——然后打开“运行记录”叠加显示它们的曲线。',
    why: '批量规范化把小批量中每个通道缩放到均值 0、方差 1，再让网络自己学习缩放 γ 和平移 β。这样 sigmoid 的输入落在零附近，斜率最大，梯度能到达前几层，较大的学习率也是安全的。',
    images: '图像数',
    epochs: '轮数',
    compare: '训练 LeNet 与 BN-LeNet 并比较',
    expect:
      '使用默认设置（12,000 张图像、2 轮：在笔记本电脑上几分钟）时，我们的运行中普通 LeNet 停留在随机猜测水平，验证准确率 10.6%，而 BN-LeNet 达到 70.8%（第一轮后为 57.8%）。“训练”标签页显示正在进行的训练。',
  },
}
