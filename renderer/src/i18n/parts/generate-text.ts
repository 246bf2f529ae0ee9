/** The Inspect tab's text generation for language models. */
export const en = {
  generateText: {
    prompt: 'Prompt',
    temperature: 'Temperature',
    temperatureHint:
      'Below 1 keeps to the likeliest tokens, above 1 takes more risks; 0 always picks the likeliest',
    topK: 'Top-k',
    topKHint: 'Draw only from this many of the likeliest tokens; empty: all of them',
    length: 'Tokens',
    seed: 'Seed',
    run: 'Generate',
    running: 'Generating…',
    result: 'Continuation',
  },
}

export const zh = {
  generateText: {
    prompt: '开头文本',
    temperature: '温度',
    temperatureHint: '小于 1 更倾向于最可能的词元，大于 1 更敢冒险；0 总是选最可能的词元',
    topK: 'Top-k',
    topKHint: '只从可能性最高的这么多个词元中抽取；留空则不限',
    length: '词元数',
    seed: '随机种子',
    run: '生成',
    running: '正在生成…',
    result: '续写结果',
  },
}
