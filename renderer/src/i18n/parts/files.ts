/** Saving, opening and exporting files: feedback, downloads, export phases. */
export const en = {
  files: {
    savedAt: 'Saved · {{name}} · {{time}}',
    openFile: 'Open a project file from this computer',
    download: 'Download',
    downloadAll: 'Download the files:',
    weightsOf: 'Weights: run {{run}}, after epoch {{epoch}} of {{epochs}}.',
    settingsOf:
      'train.py uses that run’s settings: epochs {{epochs}}, batch {{batch}}, learning rate {{lr}}.',
    phase: {
      start: 'Starting the export…',
      load: 'Reading the run’s weights…',
      build: 'Building the model…',
      write: 'Writing the files…',
      data: 'Writing the dataset (data.npz)…',
      parity: 'Checking the export against the engine…',
    },
  },
}

export const zh = {
  files: {
    savedAt: '已保存 · {{name}} · {{time}}',
    openFile: '从本机打开项目文件',
    download: '下载',
    downloadAll: '下载文件：',
    weightsOf: '权重：训练 {{run}}，第 {{epoch}} / {{epochs}} 轮之后。',
    settingsOf: 'train.py 使用这次训练的设置：{{epochs}} 轮，批量 {{batch}}，学习率 {{lr}}。',
    phase: {
      start: '正在开始导出…',
      load: '正在读取这次训练的权重…',
      build: '正在构建模型…',
      write: '正在写入文件…',
      data: '正在写入数据集（data.npz）…',
      parity: '正在核对导出结果与引擎的输出…',
    },
  },
}
