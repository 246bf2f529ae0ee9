import type { OpenDialogOptions } from 'electron'
import type { FilePurpose } from '../../engine/app-contract'

/** Native open-dialog settings for each kind of user file the Data panel can ask for. */
export function dialogOptions(purpose: FilePurpose): OpenDialogOptions {
  switch (purpose) {
    case 'csv':
      return {
        title: 'CSV table',
        properties: ['openFile'],
        filters: [{ name: 'CSV', extensions: ['csv', 'tsv', 'txt'] }],
      }
    case 'text':
      return {
        title: 'Text file',
        properties: ['openFile'],
        filters: [{ name: 'Text', extensions: ['txt', 'md'] }],
      }
    case 'idx-images':
    case 'idx-labels':
      return {
        title: purpose === 'idx-images' ? 'IDX images file' : 'IDX labels file',
        properties: ['openFile'],
        filters: [{ name: 'IDX', extensions: ['idx', 'idx1-ubyte', 'idx3-ubyte', 'ubyte', 'gz', '*'] }],
      }
    case 'images':
      return { title: 'Folder with one sub-folder of pictures per class', properties: ['openDirectory'] }
    case 'masks':
      return { title: "Folder holding 'images' and 'masks'", properties: ['openDirectory'] }
    case 'onnx':
      return {
        title: 'ONNX model',
        properties: ['openFile'],
        filters: [{ name: 'ONNX', extensions: ['onnx'] }],
      }
  }
}
