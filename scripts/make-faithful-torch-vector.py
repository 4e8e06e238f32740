"""Make test/fixtures/torch-vector-faithful-gru.json: one graph-structured GRU with faithful gate masks, in PyTorch.

Usage (from the repository root, with Debian's PyTorch 1.13):
    /usr/bin/python3 scripts/make-faithful-torch-vector.py

The thesis's structured models repeat each vertex's mask row G times in a row (repeat_interleave), so the gate
blocks are not wired as the graph says; the lab's `gateLayout: "faithful"` gives every gate block (rows g*H ..
(g+1)*H-1, GRU r, z, n) the graph's mask instead. This script builds that model with the thesis-style PyTorch
module of bench/torch_peer.py (which reproduces ../shared/reference/torch-vectors bit for bit, see its --check),
setting the masks per gate block, and records one training step in the torch-vector format of
../shared/reference/README.md (plus "gate_layout": "faithful"), so test/support/torch-vector.ts reads it.
Check it with: /usr/bin/python3 bench/torch_peer.py --check test/fixtures/torch-vector-faithful-gru.json
"""
import json
import os
import sys

import torch
import torch.nn as nn

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from torch_peer import CLIP_NORM, LEARNING_RATE, structured_model  # noqa: E402

OUT = os.path.join(ROOT, "test", "fixtures", "torch-vector-faithful-gru.json")
MODE = "GRU"
SEED = 13
# networkx 2.8 barabasi_albert_graph(9, 2, seed=6), written out so the vector does not depend on networkx:
# layers [0] [1,2] [3,4] [5,7] [6,8] and five skip layers, two of them into layers that are skip sources.
NUM_NODES = 9
EDGES = [[0, 1], [0, 2], [0, 3], [0, 4], [0, 7], [0, 8], [1, 4], [1, 5], [2, 3], [4, 5], [4, 6], [4, 7], [5, 6],
         [5, 8]]
# Reber-like strings of different lengths, right-padded with 0 (the padding steps count, as in the thesis).
STRINGS = ["BTSSXXTVVE", "BPVVE", "BTXSE", "BPTVPXTTVPSE"]
TARGETS = [1, 0, 1, 0]


def tensor_json(tensor):
    """{shape, data} with data flat in row-major order (floats, as the reference vectors store even masks)."""
    return {"shape": list(tensor.shape), "data": tensor.detach().reshape(-1).to(torch.float32).tolist()}


def main():
    torch.manual_seed(SEED)
    model, layers, skip_pairs = structured_model(MODE, NUM_NODES, EDGES, gate_layout="faithful")
    length = max(len(s) for s in STRINGS)
    inputs = [[ord(c) for c in s] + [0] * (length - len(s)) for s in STRINGS]
    params = {name: tensor_json(p) for name, p in model.named_parameters()}
    masks = {name: tensor_json(b) for name, b in model.named_buffers()}
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    optimizer.zero_grad()
    logits = model(torch.tensor(inputs, dtype=torch.int64))
    loss = nn.CrossEntropyLoss()(logits, torch.tensor(TARGETS, dtype=torch.int64))
    loss.backward()
    grads = {name: tensor_json(p.grad) for name, p in model.named_parameters()}
    grad_norm = nn.utils.clip_grad_norm_(model.parameters(), CLIP_NORM)
    optimizer.step()
    vector = {
        "kind": "structured",
        "mode": MODE,
        "gate_layout": "faithful",
        "num_nodes": NUM_NODES,
        "edges": EDGES,
        "layers": [list(m) for m in layers],
        "skip_pairs": [list(p) for p in skip_pairs],
        "params": params,
        "masks": masks,
        "inputs": inputs,
        "targets": TARGETS,
        "logits": logits.tolist(),
        "loss": loss.item(),
        "grad_norm": grad_norm.item(),
        "grads": grads,
        "params_after_step": {name: tensor_json(p) for name, p in model.named_parameters()},
    }
    with open(OUT, "w") as handle:
        json.dump(vector, handle)
        handle.write("\n")
    print(f"wrote {OUT}: torch {torch.__version__}, layers {vector['layers']}, skip pairs {vector['skip_pairs']}, "
          f"loss {vector['loss']:.6f}")


if __name__ == "__main__":
    main()
