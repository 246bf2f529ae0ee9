"""Small PyTorch language models exported by torch.onnx.export, with a reference output for each.

Usage: torch_seq_models.py OUT_DIR. nn.Embedding → nn.LSTM / nn.GRU (batch_first) → nn.Linear, over
every step (<name>.onnx) and over the final state only (<name>_last.onnx), two-layer
(lstm2.onnx) and two-layer bidirectional ones (bilstm2.onnx, bigru2.onnx), and an
nn.TransformerEncoder classifier (transformer.onnx), also given a causal or key padding mask
(transformer_causal.onnx, transformer_padmask.onnx). Writes <name>.ids.bin
(int64 token ids [batch, steps]), <name>.out.bin (float32) and seq_models.json with the shapes and
PyTorch's parameter counts. Generated in a temp folder by the import tests, never committed.
"""
import json
import sys

import torch
from torch import nn

torch.manual_seed(0)
VOCAB, STEPS = 30, 7


class LM(nn.Module):
    def __init__(self, cell, last, layers=1, bidirectional=False):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, 8)
        # stacked layers export as one operator each; bidirectional ones as direction=bidirectional
        self.rnn = cell(8, 12, num_layers=layers, bidirectional=bidirectional, batch_first=True)
        self.fc = nn.Linear(24 if bidirectional else 12, VOCAB)
        self.last = last

    def forward(self, ids):
        y, h = self.rnn(self.embed(ids))
        if self.last:
            # the final hidden state h_n (for an LSTM the first of (h_n, c_n))
            return self.fc((h[0] if isinstance(h, tuple) else h)[0])
        return self.fc(y)


class Classifier(nn.Module):
    """nn.TransformerEncoder (two post-norm layers, 2 heads) over embedded tokens, mean over time,
    a Linear head."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, 16)
        layer = nn.TransformerEncoderLayer(16, 2, 32, dropout=0.1, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.fc = nn.Linear(16, 4)

    def forward(self, ids):
        return self.fc(self.encoder(self.embed(ids)).mean(1))


class MaskedClassifier(Classifier):
    """The same classifier given a causal attention mask, or a key padding mask (token 0 is padding)."""

    def __init__(self, causal):
        super().__init__()
        self.causal = causal

    def forward(self, ids):
        x = self.embed(ids)
        if self.causal:
            y = self.encoder(x, mask=nn.Transformer.generate_square_subsequent_mask(ids.shape[1]))
        else:
            y = self.encoder(x, src_key_padding_mask=ids == 0)
        return self.fc(y.mean(1))


def main(out):
    meta = {}
    for name, cell, last in [("lstm", nn.LSTM, False), ("gru", nn.GRU, False), ("lstm_last", nn.LSTM, True),
                             ("gru_last", nn.GRU, True), ("transformer", None, False),
                             ("transformer_opset14", None, False), ("bilstm2", nn.LSTM, False),
                             ("bigru2", nn.GRU, False), ("lstm2", nn.LSTM, False)]:
        torch.manual_seed(len(meta))
        stacked = {"layers": 2, "bidirectional": name.startswith("bi")} if name.endswith("2") else {}
        model = (LM(cell, last, **stacked) if cell else Classifier()).eval()
        # LayerNorm starts at γ = 1, β = 0: set them, so a scale or shift imported wrong shows
        for m in model.modules():
            if isinstance(m, nn.LayerNorm):
                m.weight.data.uniform_(0.5, 1.5)
                m.bias.data.uniform_(-0.5, 0.5)
        ids = torch.randint(0, VOCAB, (3, STEPS))
        with torch.no_grad():
            y = model(ids)
        torch.onnx.export(model, ids, f"{out}/{name}.onnx", input_names=["ids"], output_names=["logits"],
                          dynamic_axes={"ids": {0: "batch"}, "logits": {0: "batch"}},
                          # before opset 17 LayerNorm is written out as ReduceMean/Sub/Pow/Sqrt/Div
                          opset_version=14 if name.endswith("opset14") else 17)
        ids.numpy().tofile(f"{out}/{name}.ids.bin")
        y.numpy().tofile(f"{out}/{name}.out.bin")
        meta[name] = {"input": list(ids.shape), "output": list(y.shape),
                      "params": sum(p.numel() for p in model.parameters())}
    # attention with masks: the importer refuses these (see pytorch-seq.test.ts)
    for name, causal in [("transformer_causal", True), ("transformer_padmask", False)]:
        ids = torch.randint(0, VOCAB, (3, STEPS))
        torch.onnx.export(MaskedClassifier(causal).eval(), ids, f"{out}/{name}.onnx", input_names=["ids"],
                          output_names=["logits"], dynamic_axes={"ids": {0: "batch"}, "logits": {0: "batch"}},
                          opset_version=17)
    with open(f"{out}/seq_models.json", "w") as f:
        json.dump(meta, f)


if __name__ == "__main__":
    main(sys.argv[1])
