/** The desktop app's actions on an export just written: show it in its folder, open it. */
export const en = {
  reveal: {
    files: 'In the exports folder:',
    show: 'Show in folder',
    showTitle: 'Open the folder holding {{name}} in the file manager, with it selected',
    open: 'Open',
    openFolderTitle: 'Open the folder {{name}} in the file manager',
    openFileTitle: 'Open {{name}} with the program your system uses for it',
  },
}

export const zh = {
  reveal: {
    files: '导出文件夹中：',
    show: '在文件夹中显示',
    showTitle: '在文件管理器中打开 {{name}} 所在的文件夹并选中它',
    open: '打开',
    openFolderTitle: '在文件管理器中打开文件夹 {{name}}',
    openFileTitle: '用系统为此类文件设定的程序打开 {{name}}',
  },
}
