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
    edit: {
      shared_one: 'Editing here changes every use of block {{block}} ({{count}} use).',
      shared_other: 'Editing here changes every use of block {{block}} ({{count}} uses).',
      bound: "Set by the block's parameter {{param}}: change it on the block instance.",
      params: 'Block parameters',
    },
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
    edit: {
      shared_one: '在这里修改会改变块 {{block}} 的每一处使用（共 {{count}} 处）。',
      shared_other: '在这里修改会改变块 {{block}} 的每一处使用（共 {{count}} 处）。',
      bound: '由块的参数 {{param}} 决定：请在块实例上修改。',
      params: '块参数',
    },
  },
}
