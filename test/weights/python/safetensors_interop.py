"""Independent safetensors reader and writer for the interop tests, written from the format's description with
struct/json and PyTorch only (the `safetensors` Python package is not installed here).

  python3 safetensors_interop.py read FILE    -> prints {name: {dtype, shape, values}} and the metadata as JSON
  python3 safetensors_interop.py write FILE   -> writes torch float32/bool/float64 tensors, prints them as JSON
"""
import json
import struct
import sys

import torch

TORCH_DTYPES = {"F32": torch.float32, "F64": torch.float64, "BOOL": torch.bool, "U8": torch.uint8}
NAMES = {torch.float32: "F32", torch.float64: "F64", torch.bool: "BOOL", torch.uint8: "U8"}


def read(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8 : 8 + n].decode("utf-8"))
    data = blob[8 + n :]
    out = {"metadata": header.pop("__metadata__", {}), "tensors": {}, "header_length": n}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        raw = bytearray(data[begin:end])
        dtype = TORCH_DTYPES[entry["dtype"]]
        tensor = torch.frombuffer(raw, dtype=dtype) if raw else torch.empty(0, dtype=dtype)
        tensor = tensor.reshape(entry["shape"])
        out["tensors"][name] = {
            "dtype": entry["dtype"],
            "shape": list(tensor.shape),
            "values": [int(v) if dtype == torch.bool else float(v) for v in tensor.flatten().tolist()],
        }
    print(json.dumps(out))


def write(path):
    generator = torch.Generator().manual_seed(7)
    tensors = {
        "layer.weight_ih": torch.randn(6, 4, generator=generator, dtype=torch.float32),
        "layer.bias_ih": torch.randn(6, generator=generator, dtype=torch.float32),
        "layer.mask_i2h": torch.rand(6, 4, generator=generator) > 0.5,
        "extra.double": torch.randn(3, generator=generator, dtype=torch.float64) * 1e-3,
        "scalar": torch.tensor(2.5, dtype=torch.float32),
    }
    # Data in reverse name order while the header lists names sorted: readers must follow data_offsets.
    chunks, header, offset = [], {"__metadata__": {"format": "pt", "writer": "interop-test"}}, 0
    for name in sorted(tensors, reverse=True):
        t = tensors[name].contiguous()
        raw = t.numpy().tobytes()
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(dict(sorted(header.items())), separators=(",", ":"))
    text += " " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text.encode("utf-8") + b"".join(chunks))
    print(json.dumps({
        name: {
            "dtype": NAMES[t.dtype],
            "shape": list(t.shape),
            "values": [int(v) if t.dtype == torch.bool else float(v) for v in t.flatten().tolist()],
        }
        for name, t in tensors.items()
    }))


if __name__ == "__main__":
    {"read": read, "write": write}[sys.argv[1]](sys.argv[2])
