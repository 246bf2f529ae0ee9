/** The preset gallery's course/quick switch and the labels on its cards. */
export const en = {
  presetView: {
    label: 'Show',
    all: 'All presets',
    course: 'Course settings',
    quick: 'Quick',
    courseBadge: 'course settings',
    quickBadge: 'quick',
    section: 'compare: course §{{section}}',
    sectionQuick: 'faster variant of course §{{section}}',
    hint: 'Course settings train with the course’s own hyper-parameters, so the curves can be set beside the course’s figure; quick variants reach a first result sooner.',
  },
}

export const zh = {
  presetView: {
    label: '显示',
    all: '全部预设',
    course: '课程设置',
    quick: '快速',
    courseBadge: '课程设置',
    quickBadge: '快速',
    section: '对照：课程 §{{section}}',
    sectionQuick: '课程 §{{section}} 的快速版本',
    hint: '“课程设置”使用课程自己的超参数训练，曲线可以与课程中的图对照；“快速”版本能更快得到第一个结果。',
  },
}
