import type { MenuItemConstructorOptions } from 'electron'
import type { AppCommand } from '../../engine/app-contract'

type Lang = 'en' | 'zh'

type Label = Exclude<AppCommand, 'open-recent'> | 'file' | 'edit' | 'view' | 'help' | 'model' | 'recent'
const LABELS: Record<Lang, Record<Label, string>> = {
  en: {
    file: 'File',
    edit: 'Edit',
    view: 'View',
    model: 'Model',
    help: 'Help',
    new: 'New graph',
    open: 'Open project…',
    recent: 'Open recent',
    save: 'Save project',
    'import-dataset': 'Import dataset…',
    export: 'Export model…',
    undo: 'Undo',
    redo: 'Redo',
    layout: 'Auto-layout',
    presets: 'Preset gallery',
    train: 'Train',
  },
  zh: {
    file: '文件',
    edit: '编辑',
    view: '视图',
    model: '模型',
    help: '帮助',
    new: '新建网络',
    open: '打开项目…',
    recent: '最近的项目',
    save: '保存项目',
    'import-dataset': '导入数据集…',
    export: '导出模型…',
    undo: '撤销',
    redo: '重做',
    layout: '自动布局',
    presets: '预设网络',
    train: '训练',
  },
}

/**
 * The desktop menu. Every app action is carried out by the renderer (it owns the document), so an
 * item only sends its command; edit roles (copy/paste in text fields) stay native. Kept free of
 * Electron values so it can be tested without the Electron binary.
 */
export function menuTemplate(
  send: (command: AppCommand, name?: string) => void,
  opts: { lang: Lang; mac: boolean; recent: string[] },
): MenuItemConstructorOptions[] {
  const l = LABELS[opts.lang]
  const item = (
    command: Exclude<AppCommand, 'open-recent'>,
    accelerator?: string,
  ): MenuItemConstructorOptions => ({
    label: l[command],
    accelerator,
    click: () => send(command),
  })
  return [
    ...(opts.mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: l.file,
      submenu: [
        item('new', 'CmdOrCtrl+N'),
        item('open', 'CmdOrCtrl+O'),
        {
          label: l.recent,
          enabled: opts.recent.length > 0,
          submenu: opts.recent.map((name) => ({ label: name, click: () => send('open-recent', name) })),
        },
        item('save', 'CmdOrCtrl+S'),
        { type: 'separator' },
        item('import-dataset'),
        item('export', 'CmdOrCtrl+E'),
        { type: 'separator' },
        { role: opts.mac ? 'close' : 'quit' },
      ],
    },
    {
      label: l.edit,
      // undo/redo act on the graph's history, not on text fields, so they go to the renderer
      submenu: [
        item('undo', 'CmdOrCtrl+Z'),
        item('redo', 'CmdOrCtrl+Shift+Z'),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: l.model,
      submenu: [item('presets'), item('layout', 'CmdOrCtrl+L'), item('train', 'CmdOrCtrl+Enter')],
    },
    {
      label: l.view,
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { role: 'togglefullscreen' }],
    },
  ]
}
