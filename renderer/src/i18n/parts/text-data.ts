/** The Data panel's settings for text corpora (language models). */
export const en = {
  textData: {
    legend: 'Text',
    tokenizer: 'Tokens',
    char: 'characters',
    word: 'words',
    letters: "letters and spaces (the course's 28 tokens)",
    minFreq: 'Minimum frequency',
    minFreqHint:
      'Tokens that occur fewer times than this in the text are left out of the vocabulary and read as <unk>; 1 keeps every token',
    partition: 'Minibatches',
    partitionHint:
      'Random: windows in a shuffled order, each epoch starting the cut at a new random offset. Sequential: each batch row continues the text of the same row in the batch before, and recurrent layers carry their state over',
    random: 'random windows',
    sequential: 'sequential (state carried over)',
  },
}

export const zh = {
  textData: {
    legend: '文本',
    tokenizer: '词元',
    char: '字符',
    word: '单词',
    letters: '字母和空格（课程中的 28 个词元）',
    minFreq: '最低词频',
    minFreqHint: '在文本中出现次数少于该值的词元不进入词表，读作 <unk>；设为 1 则保留全部词元',
    partition: '小批量划分',
    partitionHint:
      '随机：窗口顺序打乱，每轮从新的随机偏移处开始切分文本。顺序：每个批次的第 i 行接续上一批次第 i 行的文本，循环层的状态会延续下去',
    random: '随机窗口',
    sequential: '顺序（延续状态）',
  },
}
