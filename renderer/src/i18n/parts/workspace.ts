/** The workspace: the bottom panel's size controls and full view. */
export const en = {
  panel: {
    maximise: 'Full view ⤢',
    maximiseHint: 'Give this panel the whole window, charts at full size (Ctrl+Shift+F)',
    restore: '← Back to editor',
    restoreHint: 'Show the graph editor again (Esc or Ctrl+Shift+F)',
  },
}

export const zh = {
  panel: {
    maximise: '全屏视图 ⤢',
    maximiseHint: '让此面板占满整个窗口，图表以全尺寸显示（Ctrl+Shift+F）',
    restore: '← 返回编辑器',
    restoreHint: '重新显示计算图编辑器（Esc 或 Ctrl+Shift+F）',
  },
}
