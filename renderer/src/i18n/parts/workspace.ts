/** The workspace: the bottom panel's size controls. */
export const en = {
  panel: {
    maximise: 'Enlarge panel ⤢',
    restore: 'Back to the editor ⤡',
  },
}

export const zh = {
  panel: {
    maximise: '放大面板 ⤢',
    restore: '回到编辑器 ⤡',
  },
}
