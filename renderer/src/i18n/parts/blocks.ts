/** Messages of one feature, merged into the app's catalogue under their own top-level keys. */
export const en = {
  blocks: {
    toolbar: 'Blocks',
    group: 'Group into block',
    ungroup: 'Ungroup',
    expand: 'Open this block',
    collapse: 'Close this block',
    expandAll: 'Expand all',
    collapseAll: 'Collapse all',
    name: 'Block name',
    create: 'Create',
    cancel: 'Cancel',
    pickBlock: 'Select a block instance to ungroup.',
    shortcuts: 'Ctrl+G groups the selection, Ctrl+Shift+G ungroups it',
  },
}
export const zh: typeof en = {
  blocks: {
    toolbar: '块',
    group: '组合为块',
    ungroup: '拆开块',
    expand: '展开这个块',
    collapse: '折叠这个块',
    expandAll: '全部展开',
    collapseAll: '全部折叠',
    name: '块名称',
    create: '创建',
    cancel: '取消',
    pickBlock: '请选择一个要拆开的块实例。',
    shortcuts: 'Ctrl+G 把选中的节点组合为块，Ctrl+Shift+G 拆开块',
  },
}
