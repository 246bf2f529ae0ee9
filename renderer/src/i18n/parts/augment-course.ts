/** The course's augmentation choices in the Data panel and their preview. */
export const en = {
  augmentCourse: {
    saturation: 'Saturation ±',
    hue: 'Hue ± (share of a turn)',
    resizedCrop: 'Random resized crop',
    resizedCropHint:
      'Cut a random box (a share of the area in the scale range, a width-to-height ratio in the ratio range) and stretch it back to the full size',
    cropScale: 'Area share (min, max)',
    cropRatio: 'Aspect ratio (min, max)',
    preview: 'Augmented training view (left: as stored, right: as a training batch sees it)',
    redraw: 'Another draw',
  },
}

export const zh = {
  augmentCourse: {
    saturation: '饱和度 ±',
    hue: '色调 ±（以一整圈为单位）',
    resizedCrop: '随机缩放裁剪',
    resizedCropHint: '随机裁出一块区域（面积占比在比例范围内，宽高比在宽高比范围内），再拉伸回原尺寸',
    cropScale: '面积占比（最小，最大）',
    cropRatio: '宽高比（最小，最大）',
    preview: '增强后的训练视图（左：原样本，右：训练批次中看到的样子）',
    redraw: '重新抽样',
  },
}
