/** Messages of fine-tuning: freezing, per-node learning rates, starting from weights, normalisation. */
export const en = {
  finetune: {
    lrMultiplier: 'Learning-rate ×',
    lrMultiplierHint:
      "This node's weights learn at this multiple of the run's learning rate (a new head: 10)",
    frozen: 'Frozen: training leaves these weights as they are',
    freezeBefore: 'Freeze everything before this node',
    unfreezeAll: 'Unfreeze every node',
    frozenCount: '{{n}} frozen',
    startFrom: 'Start from',
    startFresh: 'Fresh initial weights',
    startHint:
      'Weights load by node name and shape: edited nodes start fresh. Unlike resuming, the epochs and the optimizer start over.',
    reportTitle: 'Weights from {{source}}',
    reportLoaded_one: '{{count}} node loaded ({{params}} numbers)',
    reportLoaded_other: '{{count}} nodes loaded ({{params}} numbers)',
    reportNew: '{{node}}: newly initialised — new or renamed ({{detail}})',
    reportShape: '{{node}}: newly initialised — shape changed ({{detail}})',
    reportUnused: 'Not used from the source: {{nodes}}',
    normalize: 'Normalise channels',
    normalizeNone: 'None',
    normalizeImagenet: 'ImageNet',
    normalizeHint:
      'Pretrained networks expect inputs as they saw them in training: (pixel − mean) / std per channel. Models from torchvision saw ImageNet’s values.',
    mean: 'mean',
    std: 'std',
    normalizeBad: 'Give one number per channel (or one for all), separated by commas; std above 0.',
  },
}
export const zh: typeof en = {
  finetune: {
    lrMultiplier: '学习率倍数',
    lrMultiplierHint: '这个节点的权重以训练学习率的这个倍数学习（新的输出层通常取 10）',
    frozen: '已冻结：训练不会改变这些权重',
    freezeBefore: '冻结这个节点之前的所有节点',
    unfreezeAll: '解冻所有节点',
    frozenCount: '冻结 {{n}}',
    startFrom: '起始权重',
    startFresh: '全新的初始权重',
    startHint: '权重按节点名称和形状载入：改动过的节点重新初始化。与继续训练不同，轮数和优化器都从头开始。',
    reportTitle: '权重来自 {{source}}',
    reportLoaded_one: '载入了 {{count}} 个节点（{{params}} 个数）',
    reportLoaded_other: '载入了 {{count}} 个节点（{{params}} 个数）',
    reportNew: '{{node}}：重新初始化——新节点或已改名（{{detail}}）',
    reportShape: '{{node}}：重新初始化——形状变了（{{detail}}）',
    reportUnused: '来源中未使用的节点：{{nodes}}',
    normalize: '按通道标准化',
    normalizeNone: '不做',
    normalizeImagenet: 'ImageNet',
    normalizeHint:
      '预训练网络要求输入和它训练时看到的一样：每个通道做 (像素 − 均值) / 标准差。来自 torchvision 的模型用的是 ImageNet 的数值。',
    mean: '均值',
    std: '标准差',
    normalizeBad: '每个通道填一个数（或所有通道共用一个），用逗号分隔；标准差须大于 0。',
  },
}
