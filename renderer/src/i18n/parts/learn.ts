/** Messages of one feature, merged into the app's catalogue under their own top-level keys. */
export const en = {
  learn: {
    doc: { formula: 'Formula', about: 'About this layer' },
  },
}
export const zh: typeof en = {
  learn: {
    doc: { formula: '公式', about: '关于这一层' },
  },
}
