/** The Training panel's learning-rate schedule choice. */
export const en = {
  schedule: {
    label: 'LR schedule',
    type: {
      constant: 'Constant',
      step: 'Step decay (every N epochs)',
      cosine: 'Cosine',
      multistep: 'Multi-factor step (milestones)',
      'warmup-cosine': 'Warm-up + cosine (course)',
    },
    milestones: 'Milestones (epochs)',
    milestonesHint:
      'Epochs, in ascending order and separated by commas, at which the rate is multiplied by the factor',
    gamma: 'Factor',
    stepEpochs: 'Every (epochs)',
    warmupEpochs: 'Warm-up epochs',
    maxEpochs: 'Cosine ends at epoch',
    maxEpochsHint: 'Empty: the last epoch of the run',
    finalLr: 'Final rate',
  },
}

export const zh = {
  schedule: {
    label: '学习率调度',
    type: {
      constant: '固定',
      step: '阶梯衰减（每 N 轮）',
      cosine: '余弦',
      multistep: '多因子阶梯（里程碑）',
      'warmup-cosine': '预热 + 余弦（课程）',
    },
    milestones: '里程碑（轮）',
    milestonesHint: '按升序用逗号分隔的轮次，到达时学习率乘以衰减因子',
    gamma: '衰减因子',
    stepEpochs: '间隔（轮）',
    warmupEpochs: '预热轮数',
    maxEpochs: '余弦结束于第几轮',
    maxEpochsHint: '留空：训练的最后一轮',
    finalLr: '最终学习率',
  },
}
