#!/usr/bin/env python3
"""PyTorch peer for the lab's speed ratios: the thesis's models, written in its own PyTorch style.

Measures one full training step (zero_grad, forward, loss, backward, clip, Adam step) on this CPU for
  * the masked, Python-loop recurrent layers of the thesis code ("stacked": Embedding(128,50) -> 3x50 -> Linear(50,2)),
  * torch's fused nn.RNN / nn.LSTM / nn.GRU for the same stacked base model ("fused", no masks),
  * randomly structured models built from DAGs given as JSON ("structured").
`--check VECTOR.json` loads a torch-vector reference file and asserts this model reproduces its
logits, loss, gradients and post-step parameters, which proves the peer is the same model.

Standard library + torch + numpy only; the lab calls it as a child process and never depends on it.
"""
import argparse
import json
import math
import os
import platform
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MODES = ("RNN_TANH", "RNN_RELU", "LSTM", "GRU")
GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}
VOCABULARY = 128
CLASSES = 2
CLIP_NORM = 5.0
LEARNING_RATE = 1e-3
REBER_LETTERS = "BTPSXVE"


# ---------------------------------------------------------------- model (thesis style)

class MaskedRecurrentLayer(nn.Module):
    """One recurrent layer with boolean masks on both weight matrices, looped over time in Python.

    Weight layout as torch's nn.RNN/LSTM/GRU: weight_ih [G*H, I], weight_hh [G*H, H], gate blocks
    stacked along rows (LSTM i,f,g,o; GRU r,z,n). Masks are buffers of the same shapes.
    With mask_per_step (the thesis code's form) the masked weights are formed inside the time loop;
    otherwise once per forward (same values, less work).
    """

    def __init__(self, mode, input_size, hidden_size, mask_per_step=True):
        super().__init__()
        if mode not in GATES:
            raise ValueError(f"unknown recurrent mode {mode!r}; expected one of {', '.join(MODES)}")
        self.mode = mode
        self.hidden_size = hidden_size
        self.mask_per_step = mask_per_step
        rows = GATES[mode] * hidden_size
        self.weight_ih = nn.Parameter(torch.empty(rows, input_size))
        self.weight_hh = nn.Parameter(torch.empty(rows, hidden_size))
        self.bias_ih = nn.Parameter(torch.empty(rows))
        self.bias_hh = nn.Parameter(torch.empty(rows))
        self.register_buffer("mask_i2h", torch.ones(rows, input_size, dtype=torch.bool))
        self.register_buffer("mask_h2h", torch.ones(rows, hidden_size, dtype=torch.bool))
        bound = 1.0 / math.sqrt(hidden_size)
        for p in self.parameters():
            nn.init.uniform_(p, -bound, bound)

    def forward(self, x):
        """x: [T, B, I] -> output sequence [T, B, H]; the initial state is zero."""
        steps, batch = x.shape[0], x.shape[1]
        if not self.mask_per_step:
            w_ih = self.weight_ih * self.mask_i2h
            w_hh = self.weight_hh * self.mask_h2h
        h = x.new_zeros(batch, self.hidden_size)
        c = x.new_zeros(batch, self.hidden_size) if self.mode == "LSTM" else None
        outputs = []
        for t in range(steps):
            if self.mask_per_step:
                gi = F.linear(x[t], self.weight_ih * self.mask_i2h, self.bias_ih)
                gh = F.linear(h, self.weight_hh * self.mask_h2h, self.bias_hh)
            else:
                gi = F.linear(x[t], w_ih, self.bias_ih)
                gh = F.linear(h, w_hh, self.bias_hh)
            if self.mode == "RNN_TANH":
                h = torch.tanh(gi + gh)
            elif self.mode == "RNN_RELU":
                h = torch.relu(gi + gh)
            elif self.mode == "GRU":
                i_r, i_z, i_n = gi.chunk(3, 1)
                h_r, h_z, h_n = gh.chunk(3, 1)
                r = torch.sigmoid(i_r + h_r)
                z = torch.sigmoid(i_z + h_z)
                n = torch.tanh(i_n + r * h_n)
                h = n + z * (h - n)
            else:  # LSTM
                i, f, g, o = (gi + gh).chunk(4, 1)
                c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
                h = torch.sigmoid(o) * torch.tanh(c)
            outputs.append(h)
        return torch.stack(outputs)


class RecurrentStack(nn.Module):
    """Recurrent layers run one after another over the whole sequence, plus skip layers (s -> t)."""

    def __init__(self, mode, input_size, layer_sizes, skip_pairs=(), mask_per_step=True):
        super().__init__()
        sizes = [input_size] + list(layer_sizes)
        self.recurrent_layers = nn.ModuleList(
            MaskedRecurrentLayer(mode, sizes[l], sizes[l + 1], mask_per_step) for l in range(len(layer_sizes)))
        self.skip_pairs = [tuple(p) for p in skip_pairs]
        self.skip_layers = nn.ModuleList(
            MaskedRecurrentLayer(mode, layer_sizes[s], layer_sizes[t], mask_per_step) for s, t in self.skip_pairs)

    def forward(self, x):
        outputs = []
        for l, layer in enumerate(self.recurrent_layers):
            y = layer(x)
            for k, (s, t) in enumerate(self.skip_pairs):
                if t == l:
                    y = y + self.skip_layers[k](outputs[s])
            outputs.append(y)
            x = y
        return x


class SequenceClassifier(nn.Module):
    """Embedding(128, H0) -> recurrent stack -> last time step (padding included) -> Linear(H_last, 2)."""

    def __init__(self, recurrent, embedding_size, last_size):
        super().__init__()
        self.embedding = nn.Embedding(VOCABULARY, embedding_size)
        self.recurrent = recurrent
        self.out = nn.Linear(last_size, CLASSES)

    def forward(self, codes):
        """codes: [B, T] int64 ASCII -> logits [B, 2]."""
        x = self.embedding(codes.t())  # time-major [T, B, E]
        return self.out(self.recurrent(x)[-1])


def masked_model(mode, layer_sizes, skip_pairs=(), embedding_size=None, mask_per_step=True):
    """The thesis-style masked model; masks start dense (stacked) and are set by the caller (structured)."""
    embedding_size = layer_sizes[0] if embedding_size is None else embedding_size
    return SequenceClassifier(RecurrentStack(mode, embedding_size, layer_sizes, skip_pairs, mask_per_step),
                              embedding_size, layer_sizes[-1])


class FusedClassifier(nn.Module):
    """The stacked base model on torch's own fused recurrent module (no masks)."""

    def __init__(self, mode, hidden=50, num_layers=3):
        super().__init__()
        self.embedding = nn.Embedding(VOCABULARY, hidden)
        if mode in ("RNN_TANH", "RNN_RELU"):
            self.recurrent = nn.RNN(hidden, hidden, num_layers,
                                    nonlinearity="tanh" if mode == "RNN_TANH" else "relu")
        elif mode == "LSTM":
            self.recurrent = nn.LSTM(hidden, hidden, num_layers)
        elif mode == "GRU":
            self.recurrent = nn.GRU(hidden, hidden, num_layers)
        else:
            raise ValueError(f"unknown recurrent mode {mode!r}; expected one of {', '.join(MODES)}")
        self.out = nn.Linear(hidden, CLASSES)

    def forward(self, codes):
        output, _ = self.recurrent(self.embedding(codes.t()))
        return self.out(output[-1])


# ---------------------------------------------------------------- structured graphs

def dag_layers(num_nodes, edges):
    """Thesis layering: orient u->v for u<v; layer = 1 + max layer of parents (0 without parents)."""
    parents = [[] for _ in range(num_nodes)]
    for u, v in edges:
        a, b = min(u, v), max(u, v)
        if a == b or b >= num_nodes or a < 0:
            raise ValueError(f"edge [{u}, {v}] is not valid for a graph of {num_nodes} nodes")
        parents[b].append(a)
    level = [0] * num_nodes
    for v in range(num_nodes):  # ascending order is a topological order since edges go low -> high
        level[v] = 1 + max((level[p] for p in parents[v]), default=-1)
    layers = [[] for _ in range(max(level) + 1)] if num_nodes else []
    for v in range(num_nodes):
        layers[level[v]].append(v)
    return layers, level


def structured_plan(num_nodes, edges):
    """Layers, skip pairs (ascending t then s, s <= t-2) and 0/1 connection matrices [|t|, |s|] per layer pair."""
    layers, level = dag_layers(num_nodes, edges)
    position = {}
    for members in layers:
        for j, v in enumerate(members):
            position[v] = j
    connections = {}
    for u, v in edges:
        a, b = min(u, v), max(u, v)
        key = (level[a], level[b])
        if key not in connections:
            connections[key] = np.zeros((len(layers[level[b]]), len(layers[level[a]])), dtype=bool)
        connections[key][position[b], position[a]] = True
    skip_pairs = [(s, t) for t in range(len(layers)) for s in range(t - 1) if (s, t) in connections]
    return layers, skip_pairs, connections


GATE_LAYOUTS = ("thesis", "faithful")


def gate_mask(connection, gates, gate_layout="thesis"):
    """A [|t|, |s|] connection matrix as a [G*|t|, |s|] mask in the given gate layout.

    "thesis": each unit's row repeated G times in a row (repeat_interleave), as the thesis code does;
    torch-vectors/structured*.json pin this layout. "faithful": the matrix once per gate block (rows g*|t|..),
    so every gate is wired as the graph says.
    """
    if gate_layout == "thesis":
        return np.repeat(connection, gates, axis=0)
    if gate_layout == "faithful":
        return np.tile(connection, (gates, 1))
    raise ValueError(f"unknown gate layout {gate_layout!r}; expected one of {', '.join(GATE_LAYOUTS)}")


def structured_model(mode, num_nodes, edges, mask_per_step=True, gate_layout="thesis"):
    """A randomly structured model of the thesis built from an undirected graph."""
    layers, skip_pairs, connections = structured_plan(num_nodes, edges)
    model = masked_model(mode, [len(m) for m in layers], skip_pairs, mask_per_step=mask_per_step)
    gates = GATES[mode]
    stack = model.recurrent
    with torch.no_grad():
        for l in range(1, len(layers)):
            mask = gate_mask(connections[(l - 1, l)], gates, gate_layout)
            stack.recurrent_layers[l].mask_i2h.copy_(torch.from_numpy(mask))
        for k, (s, t) in enumerate(skip_pairs):
            stack.skip_layers[k].mask_i2h.copy_(torch.from_numpy(gate_mask(connections[(s, t)], gates, gate_layout)))
    return model, layers, skip_pairs


# ---------------------------------------------------------------- training step and timing

def make_trainer(model):
    """One full training step as the thesis code does it; returns step(codes, targets) -> loss."""
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    criterion = nn.CrossEntropyLoss()

    def step(codes, targets):
        optimizer.zero_grad()
        loss = criterion(model(codes), targets)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), CLIP_NORM)
        optimizer.step()
        return loss

    return step


def reber_like_batch(rng, batch, length):
    """Fixed batch of ASCII strings 'B…E' of one length over the Reber letters, with random labels."""
    letters = np.frombuffer(REBER_LETTERS[1:-1].encode(), dtype=np.uint8)
    codes = rng.choice(letters, size=(batch, length)).astype(np.int64)
    codes[:, 0], codes[:, -1] = ord("B"), ord("E")
    targets = rng.integers(0, CLASSES, size=batch)
    return torch.from_numpy(codes), torch.from_numpy(targets.astype(np.int64))


def time_steps(model, codes, targets, warmup, repeats):
    """Milliseconds of each of `repeats` training steps after `warmup` unmeasured ones."""
    step = make_trainer(model)
    for _ in range(warmup):
        step(codes, targets)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step(codes, targets)
        times.append((time.perf_counter() - start) * 1e3)
    return times


def summary(times):
    q1, median, q3 = np.percentile(times, [25, 50, 75])
    return {"median_ms": round(float(median), 4), "iqr_ms": round(float(q3 - q1), 4), "repeats": len(times)}


def progress(label, done, total, started):
    elapsed = time.perf_counter() - started
    eta = elapsed / done * (total - done) if done else 0.0
    print(f"\r{label} {done}/{total}  {done / elapsed if elapsed else 0:.2f}/s  ETA {eta:.0f}s ",
          end="" if done < total else "\n", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- --check against a torch-vector

def tensor_of(entry, dtype=torch.float32):
    return torch.tensor(entry["data"], dtype=dtype).reshape(entry["shape"])


def relative_error(actual, expected):
    """max|a - e| / max|e| (max|a - e| when e is all zero)."""
    diff = (actual.detach() - expected).abs().max().item() if expected.numel() else 0.0
    scale = expected.abs().max().item() if expected.numel() else 0.0
    return diff / scale if scale > 0 else diff


def check_vector(path, tolerance, mask_per_step=True):
    """Load a torch-vector case, run one training step and compare; returns (ok, report lines)."""
    with open(path) as handle:
        case = json.load(handle)
    mode = case["mode"]
    if case["kind"] == "structured":
        model, layers, skip_pairs = structured_model(mode, case["num_nodes"], case["edges"], mask_per_step,
                                                     case.get("gate_layout", "thesis"))
        if [list(m) for m in layers] != case["layers"]:
            raise AssertionError(f"{path}: layers {layers} differ from the vector's {case['layers']}")
        if [list(p) for p in skip_pairs] != case["skip_pairs"]:
            raise AssertionError(f"{path}: skip pairs {skip_pairs} differ from the vector's {case['skip_pairs']}")
        built_masks = {name: buf.clone() for name, buf in model.named_buffers()}
    else:
        model = masked_model(mode, case["hidden_layers"], mask_per_step=mask_per_step)
        built_masks = None
    params = dict(model.named_parameters())
    buffers = dict(model.named_buffers())
    if set(params) != set(case["params"]):
        raise AssertionError(f"{path}: parameter names differ: model {sorted(set(params) ^ set(case['params']))}")
    if set(buffers) != set(case["masks"]):
        raise AssertionError(f"{path}: mask names differ: {sorted(set(buffers) ^ set(case['masks']))}")
    lines = []
    errors = {}
    with torch.no_grad():
        for name, p in params.items():
            value = tensor_of(case["params"][name])
            if tuple(value.shape) != tuple(p.shape):
                raise AssertionError(f"{path}: tensor {name} has shape {list(value.shape)}, model expects {list(p.shape)}")
            p.copy_(value)
        for name, b in buffers.items():
            value = tensor_of(case["masks"][name], torch.bool)
            if built_masks is not None and not torch.equal(built_masks[name], value):
                raise AssertionError(f"{path}: mask {name} built from the graph differs from the vector's")
            b.copy_(value)
    codes = torch.tensor(case["inputs"], dtype=torch.int64)
    targets = torch.tensor(case["targets"], dtype=torch.int64)
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    optimizer.zero_grad()
    logits = model(codes)
    loss = nn.CrossEntropyLoss()(logits, targets)
    loss.backward()
    errors["logits"] = relative_error(logits, torch.tensor(case["logits"]))
    errors["loss"] = relative_error(loss, torch.tensor(case["loss"]))
    errors["grads"] = max(relative_error(params[n].grad, tensor_of(g)) for n, g in case["grads"].items())
    norm = nn.utils.clip_grad_norm_(model.parameters(), CLIP_NORM)
    errors["grad_norm"] = relative_error(norm, torch.tensor(case["grad_norm"]))
    optimizer.step()
    errors["params_after_step"] = max(
        relative_error(params[n], tensor_of(v)) for n, v in case["params_after_step"].items())
    ok = all(e <= tolerance for e in errors.values())
    lines.append(f"{path}: {'ok' if ok else 'MISMATCH'} ({case['kind']} {mode})  "
                 + "  ".join(f"{k} {v:.2e}" for k, v in errors.items()))
    return ok, lines, errors


# ---------------------------------------------------------------- command line

def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    parser.add_argument("--repeats", type=int, default=30, help="measured steps per model (default 30)")
    parser.add_argument("--warmup", type=int, default=5, help="unmeasured steps first (default 5)")
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated variants (default all four)")
    parser.add_argument("--stacked", action="store_true", help="thesis-style masked stacked base model")
    parser.add_argument("--fused", action="store_true", help="torch's fused nn.RNN/LSTM/GRU base model")
    parser.add_argument("--structured", metavar="GRAPHS.json", help="list of {num_nodes, edges[, mode]}")
    parser.add_argument("--structured-mode", default="GRU", help="variant for graphs without a mode (default GRU)")
    parser.add_argument("--batch-size", type=int, default=128, help="batch for structured models (default 128)")
    parser.add_argument("--stacked-batch-size", type=int, default=32, help="batch for stacked models (default 32)")
    parser.add_argument("--length", type=int, default=25, help="string length (default 25)")
    parser.add_argument("--seed", type=int, default=0, help="seed for data and initial parameters")
    parser.add_argument("--mask-once", action="store_true",
                        help="form masked weights once per forward, not per time step as the thesis code does")
    parser.add_argument("--check", metavar="VECTOR.json", nargs="+", help="verify against torch-vector files")
    parser.add_argument("--tolerance", type=float, default=1e-4, help="max relative error for --check")
    args = parser.parse_args(argv)
    modes = [m.strip().upper() for m in args.modes.split(",") if m.strip()]
    for m in modes + [args.structured_mode.upper()]:
        if m not in MODES:
            parser.error(f"unknown mode {m!r}; expected one of {', '.join(MODES)}")
    args.modes = modes
    args.structured_mode = args.structured_mode.upper()
    for name in ("threads", "repeats", "batch_size", "stacked_batch_size", "length"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.warmup < 0:
        parser.error("--warmup must be at least 0")
    if not (args.stacked or args.fused or args.structured or args.check):
        args.stacked = args.fused = True
    return args


def load_graphs(path):
    """Read GRAPHS.json and validate each entry's shape, naming the entry on error."""
    with open(path) as handle:
        graphs = json.load(handle)
    if not isinstance(graphs, list):
        raise ValueError(f"{path}: expected a JSON list of {{num_nodes, edges}}, got {type(graphs).__name__}")
    for i, g in enumerate(graphs):
        if not isinstance(g, dict) or not isinstance(g.get("num_nodes"), int) or g["num_nodes"] < 1 or not isinstance(g.get("edges"), list):
            raise ValueError(f"{path}: entry {i} needs an integer num_nodes >= 1 and a list edges")
        for e in g["edges"]:
            if not (isinstance(e, list) and len(e) == 2 and all(isinstance(x, int) for x in e)):
                raise ValueError(f"{path}: entry {i} has edge {e!r}; expected [u, v] with integers")
    return graphs


def run_benchmarks(args):
    torch.set_num_threads(args.threads)
    result = {"torch_version": torch.__version__, "threads": torch.get_num_threads(),
              "python_version": platform.python_version(), "machine": platform.machine(),
              "cpu_count": os.cpu_count(), "seed": args.seed, "mask_per_step": not args.mask_once, "length": args.length, "warmup": args.warmup}
    rng = np.random.default_rng(args.seed)
    torch.manual_seed(args.seed)
    codes, targets = reber_like_batch(rng, args.stacked_batch_size, args.length)
    jobs = (["stacked"] if args.stacked else []) + (["fused"] if args.fused else [])
    for kind in jobs:
        result[kind] = {"batch_size": args.stacked_batch_size}
        for mode in args.modes:
            model = masked_model(mode, [50, 50, 50], mask_per_step=not args.mask_once) if kind == "stacked" else FusedClassifier(mode)
            result[kind][mode] = summary(time_steps(model, codes, targets, args.warmup, args.repeats))
            if not args.json:
                print(f"{kind:8s} {mode:9s} {result[kind][mode]['median_ms']:9.2f} ms", file=sys.stderr)
    if args.structured:
        graphs = load_graphs(args.structured)
        codes, targets = reber_like_batch(rng, args.batch_size, args.length)
        rows = []
        started = time.perf_counter()
        for i, g in enumerate(graphs):
            mode = str(g.get("mode", args.structured_mode)).upper()
            if mode not in GATES:
                raise ValueError(f"{args.structured}: entry {i} has unknown mode {mode!r}")
            try:
                model, layers, skip_pairs = structured_model(mode, g["num_nodes"], g["edges"], not args.mask_once)
            except ValueError as error:
                raise ValueError(f"{args.structured}: entry {i}: {error}") from None
            row = {"graph": i, "mode": mode, "nodes": g["num_nodes"], "edges": len(g["edges"]),
                   "layers": len(layers), "skips": len(skip_pairs)}
            row.update(summary(time_steps(model, codes, targets, args.warmup, args.repeats)))
            rows.append(row)
            progress("structured graphs", i + 1, len(graphs), started)
        result["structured"] = rows
        result["structured_mean_ms"] = round(float(np.mean([r["median_ms"] for r in rows])), 4) if rows else None
        result["structured_batch_size"] = args.batch_size
    return result


def print_table(result):
    print(f"torch {result['torch_version']}, {result['threads']} thread(s); ms per training step, median (IQR)")
    for kind in ("stacked", "fused"):
        if kind in result:
            print(f"\n{kind} base model (batch {result[kind]['batch_size']}, length {result['length']})")
            for mode in MODES:
                if mode in result[kind]:
                    r = result[kind][mode]
                    print(f"  {mode:9s} {r['median_ms']:9.2f}  ({r['iqr_ms']:.2f})  n={r['repeats']}")
    if "structured" in result:
        print(f"\nstructured models (batch {result['structured_batch_size']}, length {result['length']})")
        print(f"  {'graph':>5s} {'mode':9s} {'nodes':>5s} {'edges':>5s} {'layers':>6s} {'skips':>5s} {'median':>9s} {'IQR':>7s}")
        for r in result["structured"]:
            print(f"  {r['graph']:5d} {r['mode']:9s} {r['nodes']:5d} {r['edges']:5d} {r['layers']:6d} {r['skips']:5d}"
                  f" {r['median_ms']:9.2f} {r['iqr_ms']:7.2f}")
        if result["structured_mean_ms"] is not None:
            print(f"  mean of medians over {len(result['structured'])} graphs: {result['structured_mean_ms']:.2f} ms")


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if args.check:
            torch.set_num_threads(args.threads)
            all_ok, report = True, []
            for path in args.check:
                ok, lines, errors = check_vector(path, args.tolerance, not args.mask_once)
                all_ok &= ok
                report.append({"file": path, "ok": ok, "max_relative_error": errors})
                if not args.json:
                    print("\n".join(lines))
            if args.json:
                print(json.dumps({"torch_version": torch.__version__, "tolerance": args.tolerance,
                                  "ok": all_ok, "checks": report}, indent=2))
            return 0 if all_ok else 1
        result = run_benchmarks(args)
    except (OSError, ValueError, KeyError, AssertionError) as error:
        print(f"torch_peer: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
