#!/usr/bin/python3
"""Load each structurally pruned model the lab wrote (scripts/export-structured-pruning-models.mjs) into a PyTorch
module with the thesis's tensor names, strictly (every name present, every shape matching the module built from the
file's layer sizes), and record its logits on the exported batch: test/fixtures/structured-pruning/torch-logits.json.

The module mirrors the thesis's: Embedding(128, E) -> stacked masked recurrent layers (weight * mask, zero initial
state, PyTorch's gate order) -> the last time step -> Linear. Run with Debian's PyTorch 1.13: /usr/bin/python3.
"""
import json
import struct
from pathlib import Path

import torch

FIXTURES = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "structured-pruning"
GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


def read_safetensors(path):
    data = path.read_bytes()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    body = data[8 + size :]
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, entry in header.items():
        start, end = entry["data_offsets"]
        raw = bytearray(body[start:end])
        dtype = {"F32": torch.float32, "BOOL": torch.bool, "U8": torch.uint8}[entry["dtype"]]
        tensors[name] = torch.frombuffer(raw, dtype=dtype).reshape(entry["shape"]).clone()
    return tensors, metadata


class MaskedLayer(torch.nn.Module):
    def __init__(self, mode, input_size, hidden):
        super().__init__()
        rows = GATES[mode] * hidden
        self.mode, self.hidden = mode, hidden
        self.weight_ih = torch.nn.Parameter(torch.zeros(rows, input_size))
        self.weight_hh = torch.nn.Parameter(torch.zeros(rows, hidden))
        self.bias_ih = torch.nn.Parameter(torch.zeros(rows))
        self.bias_hh = torch.nn.Parameter(torch.zeros(rows))
        self.register_buffer("mask_i2h", torch.ones(rows, input_size, dtype=torch.bool))
        self.register_buffer("mask_h2h", torch.ones(rows, hidden, dtype=torch.bool))

    def forward(self, xs):
        wih, whh = self.weight_ih * self.mask_i2h, self.weight_hh * self.mask_h2h
        h = torch.zeros(xs.shape[1], self.hidden)
        c = torch.zeros_like(h)
        outputs = []
        for x in xs:
            if self.mode == "LSTM":
                h, c = torch.lstm_cell(x, (h, c), wih, whh, self.bias_ih, self.bias_hh)
            elif self.mode == "GRU":
                h = torch.gru_cell(x, h, wih, whh, self.bias_ih, self.bias_hh)
            elif self.mode == "RNN_TANH":
                h = torch.rnn_tanh_cell(x, h, wih, whh, self.bias_ih, self.bias_hh)
            else:
                h = torch.rnn_relu_cell(x, h, wih, whh, self.bias_ih, self.bias_hh)
            outputs.append(h)
        return torch.stack(outputs)


class Recurrent(torch.nn.Module):
    def __init__(self, mode, embedding, sizes):
        super().__init__()
        inputs = [embedding] + sizes[:-1]
        self.recurrent_layers = torch.nn.ModuleList(MaskedLayer(mode, i, h) for i, h in zip(inputs, sizes))

    def forward(self, xs):
        for layer in self.recurrent_layers:
            xs = layer(xs)
        return xs


class ThesisModel(torch.nn.Module):
    def __init__(self, mode, embedding, sizes, vocabulary=128, classes=2):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocabulary, embedding)
        self.recurrent = Recurrent(mode, embedding, sizes)
        self.out = torch.nn.Linear(sizes[-1], classes)

    def forward(self, tokens):
        return self.out(self.recurrent(self.embedding(tokens))[-1])


def main():
    inputs = json.loads((FIXTURES / "inputs.json").read_text())
    tokens = torch.tensor(inputs["tokens"], dtype=torch.long).reshape(inputs["length"], inputs["size"])
    result = {"torch": torch.__version__, "logits": {}, "shapes": {}}
    for path in sorted(FIXTURES.glob("*.safetensors")):
        tensors, metadata = read_safetensors(path)
        arch = json.loads(metadata["sparse_rnn.architecture"])
        sizes = arch["layerSizes"]
        model = ThesisModel(arch["mode"], arch.get("embeddingSize", sizes[0]), sizes)
        model.load_state_dict(tensors, strict=True)
        with torch.no_grad():
            logits = model(tokens)
        result["logits"][arch["mode"]] = logits.flatten().tolist()
        result["shapes"][arch["mode"]] = {name: list(t.shape) for name, t in model.state_dict().items()}
    (FIXTURES / "torch-logits.json").write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {FIXTURES / 'torch-logits.json'} for {', '.join(result['logits'])}")


if __name__ == "__main__":
    main()
