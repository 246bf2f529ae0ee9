/** k-fold cross-validation in the app, and the one-click course comparisons that train several runs. */
export const en = {
  folds: {
    progress: 'Fold {{fold}} of {{folds}}',
    title: '{{folds}}-fold cross-validation: mean ± std over the folds’ last epochs',
    measure: 'Measure',
    meanStd: 'Mean ± std',
    perFold: 'Per fold',
    cell: '{{folds}} folds: {{text}}',
  },
  courseRuns: {
    running: 'Training {{name}} ({{index}} of {{count}}) — the Training tab shows its progress',
    failed: '{{name}} did not finish: {{message}}',
    busy: 'A training run is already going: wait for it to finish or stop it first.',
  },
}

export const zh: typeof en = {
  folds: {
    progress: '第 {{fold}} 折，共 {{folds}} 折',
    title: '{{folds}} 折交叉验证：各折最后一轮的均值 ± 标准差',
    measure: '指标',
    meanStd: '均值 ± 标准差',
    perFold: '各折',
    cell: '{{folds}} 折：{{text}}',
  },
  courseRuns: {
    running: '正在训练 {{name}}（第 {{index}} 个，共 {{count}} 个）——进度见“训练”标签页',
    failed: '{{name}} 未完成：{{message}}',
    busy: '已有训练在进行：请等它结束或先停止它。',
  },
}
