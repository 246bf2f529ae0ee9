/** The memory check before training: what a run needs against what the chosen backend may use. */
export const en = {
  memory: {
    refused:
      'Training this model at batch {{batch}} needs about {{need}} (weights {{weights}}, gradients {{gradients}}, optimizer state {{optimizer}}, activations {{activations}}), but {{backend}} may use {{budget}}.',
    fits: 'The largest batch that fits is {{n}}.',
    tooBig: 'Even its weights do not fit: make the model smaller.',
    useBatch: 'Use batch {{n}}',
    title: 'Train is unavailable: the run does not fit in memory (see below)',
  },
}

export const zh = {
  memory: {
    refused:
      '以批量 {{batch}} 训练这个模型大约需要 {{need}}（权重 {{weights}}，梯度 {{gradients}}，优化器状态 {{optimizer}}，激活 {{activations}}），但 {{backend}} 最多可用 {{budget}}。',
    fits: '能放下的最大批量是 {{n}}。',
    tooBig: '连权重本身都放不下：请把模型改小。',
    useBatch: '改用批量 {{n}}',
    title: '无法训练：这次训练放不进内存（见下方）',
  },
}
