"""PyTorch reference models for Deepwire's sequence presets.

The same configurations as presets/*.json, written the way the course's PyTorch code builds them:
character language models (embedding, one nn.RNN / nn.GRU / nn.LSTM, a linear output layer), a
two-layer bidirectional LSTM tagger, the GRU encoder-decoder (with additive attention in the second
variant), nn.TransformerEncoderLayer / nn.TransformerDecoderLayer stacks (post-norm, dropout 0) and
a small BERT (token, segment and learned position embeddings, two encoder layers, a tanh pooler).

Prints {"preset": {"params": trainable count}} as JSON.
"""

import json

import torch
from torch import nn

CHARS = 70  # distinct characters of The Time Machine
SEQ = 14  # Deepwire's copy/reverse/add vocabulary
PAIR = 9  # [CLS]/[SEP] sentence-pair vocabulary
WORDS = 1416  # The Time Machine's words and punctuation seen at least 3 times, plus <unk>
BERT_VOCAB = 825  # 5 special tokens + The Time Machine's words seen at least 5 times


def count(m):
    return sum(p.numel() for p in m.parameters() if p.requires_grad)


def char_lm(cell):
    return nn.ModuleList([nn.Embedding(CHARS, 32), cell(32, 128, batch_first=True), nn.Linear(128, CHARS)])


def deep_bilstm():
    return nn.ModuleList([
        nn.Embedding(SEQ, 32),
        nn.LSTM(32, 64, batch_first=True, bidirectional=True),
        nn.LSTM(128, 64, batch_first=True, bidirectional=True),
        nn.Linear(128, SEQ),
    ])


def seq2seq():
    return nn.ModuleList([
        nn.Embedding(SEQ, 32), nn.GRU(32, 128, batch_first=True),
        nn.Embedding(SEQ, 32), nn.GRU(32, 128, batch_first=True),
        nn.Linear(128, SEQ),
    ])


class AdditiveAttention(nn.Module):
    """The course's AdditiveAttention: w_v^T tanh(W_q q + W_k k), no biases."""

    def __init__(self, query, key, hidden):
        super().__init__()
        self.W_q = nn.Linear(query, hidden, bias=False)
        self.W_k = nn.Linear(key, hidden, bias=False)
        self.w_v = nn.Linear(hidden, 1, bias=False)


def seq2seq_attention():
    return nn.ModuleList([
        nn.Embedding(SEQ, 32), nn.GRU(32, 128, batch_first=True),
        nn.Embedding(SEQ, 32), nn.GRU(32, 128, batch_first=True),
        AdditiveAttention(128, 128, 128),
        nn.Linear(256, SEQ),
    ])


def encoder_layer(d, heads, ffn):
    return nn.TransformerEncoderLayer(d, heads, ffn, dropout=0.0, batch_first=True)


def transformer_encoder():
    return nn.ModuleList([nn.Embedding(SEQ, 64), encoder_layer(64, 4, 128), encoder_layer(64, 4, 128),
                          nn.Linear(64, 2)])


def transformer():
    dec = lambda: nn.TransformerDecoderLayer(64, 4, 128, dropout=0.0, batch_first=True)
    return nn.ModuleList([
        nn.Embedding(SEQ, 64), encoder_layer(64, 4, 128), encoder_layer(64, 4, 128),
        nn.Embedding(SEQ, 64), dec(), dec(),
        nn.Linear(64, SEQ),
    ])


class BertMini(nn.Module):
    def __init__(self, hidden=128, heads=2, ffn=256, length=15, vocab=PAIR):
        super().__init__()
        self.tokens = nn.Embedding(vocab, hidden)
        self.segments = nn.Embedding(2, hidden)
        self.positions = nn.Parameter(torch.zeros(1, length, hidden))
        self.layers = nn.ModuleList([encoder_layer(hidden, heads, ffn) for _ in range(2)])
        self.pooler = nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, 2)


def word_lm():
    return nn.ModuleList([nn.Embedding(WORDS, 64), nn.LSTM(64, 256, batch_first=True), nn.Linear(256, WORDS)])


class GptChar(nn.Module):
    """Decoder-only Transformer: token + learned position embeddings, pre-norm blocks whose
    self-attention is causal (a square subsequent mask at call time), a final LayerNorm, the head."""

    def __init__(self, d=64, heads=4, ffn=256, layers=2, length=64):
        super().__init__()
        self.tokens = nn.Embedding(CHARS, d)
        self.positions = nn.Embedding(length, d)
        self.blocks = nn.ModuleList([
            nn.TransformerEncoderLayer(d, heads, ffn, dropout=0.0, activation='gelu', batch_first=True,
                                       norm_first=True)
            for _ in range(layers)
        ])
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, CHARS)

    def forward(self, ids):
        t = ids.shape[1]
        x = self.tokens(ids) + self.positions.weight[:t]
        mask = torch.triu(torch.full((t, t), float('-inf')), diagonal=1)
        for block in self.blocks:
            x = block(x, src_mask=mask)
        return self.head(self.norm(x))


class BertPretrain(BertMini):
    """The course's BERTModel: the encoder, MaskLM's MLP and the NSP head's hidden + output layers."""

    def __init__(self):
        super().__init__(hidden=64, heads=2, ffn=128, length=32, vocab=BERT_VOCAB)
        self.mlm = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.LayerNorm(64), nn.Linear(64, BERT_VOCAB))


# the course's skip-gram: a center and a context embedding over the book's 809 words, 64 wide
SKIPGRAM_VOCAB = 809


def skipgram():
    return nn.Sequential(nn.Embedding(SKIPGRAM_VOCAB, 64), nn.Embedding(SKIPGRAM_VOCAB, 64))


MODELS = {
    'rnn-char': lambda: char_lm(nn.RNN),
    'gru-char': lambda: char_lm(nn.GRU),
    'lstm-char': lambda: char_lm(nn.LSTM),
    'deep-bilstm': deep_bilstm,
    'seq2seq': seq2seq,
    'seq2seq-attention': seq2seq_attention,
    'transformer-encoder': transformer_encoder,
    'transformer': transformer,
    'bert-mini': BertMini,
    'lstm-word': word_lm,
    'gpt-char': GptChar,
    'bert-pretrain': BertPretrain,
    # the course's BERTClassifier: the pretrained encoder, a hidden layer and a new output
    'bert-finetune': lambda: BertMini(hidden=64, heads=2, ffn=128, length=32, vocab=BERT_VOCAB),
    'skipgram': skipgram,
}

if __name__ == '__main__':
    print(json.dumps({name: {'params': count(make())} for name, make in MODELS.items()}))
