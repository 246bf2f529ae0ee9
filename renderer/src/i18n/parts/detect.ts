/** Messages of the object-detection views. */
export const en = {
  detect: {
    samples: 'Detections (the same validation images every epoch)',
    nms: 'NMS threshold: {{v}}',
    minScore: 'Minimum score: {{v}}',
    legend:
      'dashed white: true boxes · coloured: predicted boxes with class and score; non-maximum suppression drops a box that overlaps a more confident one by more than the threshold',
    anchorsTitle: 'Anchors of one cell ({{count}} per cell)',
    anchorsHint:
      'The grid is the {{h}}×{{w}} feature map over the image; click a cell to see the boxes centred on it.',
  },
}

export const zh: typeof en = {
  detect: {
    samples: '检测结果（每轮都是同一批验证图像）',
    nms: '非极大值抑制阈值：{{v}}',
    minScore: '最低置信度：{{v}}',
    legend:
      '白色虚线：真实边界框 · 彩色：预测边界框及其类别和置信度；非极大值抑制会去掉与更可信的框重叠超过阈值的框',
    anchorsTitle: '一个单元格的锚框（每格 {{count}} 个）',
    anchorsHint: '网格是覆盖在图像上的 {{h}}×{{w}} 特征图；点击一个单元格，查看以它为中心的锚框。',
  },
}
