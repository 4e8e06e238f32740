/** safetensors encode/decode: round trips, the exact byte layout, conversions, atomic writes and every error path. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TensorMap, floatTensor, maskTensor } from "../../src/models/named-tensors";
import {
  decodeSafetensors,
  encodeSafetensors,
  readSafetensors,
  readSafetensorsContent,
  writeSafetensors,
} from "../../src/weights";

/** A file image built by hand: header object, then the raw data bytes. */
export function handBuilt(header: unknown, data: Uint8Array, headerLength?: number): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength ?? json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function sample(): TensorMap {
  return new Map([
    ["w", floatTensor([2, 3], Float32Array.from([1, -2.5, 3.25, 1e-30, -0, 65504]))],
    ["mask", maskTensor([2, 3], Uint8Array.from([1, 0, 1, 1, 0, 0]))],
    ["scalar", floatTensor([], Float32Array.from([Math.PI]))],
    ["empty", floatTensor([0, 4])],
  ]);
}

function assertSameTensors(actual: TensorMap, expected: TensorMap): void {
  assert.deepEqual([...actual.keys()], [...expected.keys()]);
  for (const [name, tensor] of expected) {
    const got = actual.get(name)!;
    assert.deepEqual(got.shape, tensor.shape, name);
    assert.equal(got.dtype, tensor.dtype, name);
    assert.deepEqual([...got.data], [...tensor.data], name);
  }
}

describe("safetensors round trip", () => {
  test("buffer round trip keeps names, order, shapes, dtypes, values and metadata", () => {
    const bytes = encodeSafetensors(sample(), { note: "hello", mode: "GRU" });
    const { tensors, metadata } = decodeSafetensors(bytes);
    assertSameTensors(tensors, sample());
    assert.deepEqual(metadata, { note: "hello", mode: "GRU" });
    assert.ok(Object.is(tensors.get("w")!.data[4], -0), "negative zero survives");
  });

  test("byte layout: u64 length, space-padded JSON header, F32 little-endian then BOOL bytes", () => {
    const bytes = encodeSafetensors(
      new Map([
        ["a", floatTensor([1], Float32Array.from([1.5]))],
        ["m", maskTensor([2], Uint8Array.from([0, 1]))],
      ]),
    );
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const headerLength = Number(view.getBigUint64(0, true));
    assert.equal((8 + headerLength) % 8, 0, "data starts 8-byte aligned");
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength));
    assert.deepEqual(JSON.parse(header), {
      a: { dtype: "F32", shape: [1], data_offsets: [0, 4] },
      m: { dtype: "BOOL", shape: [2], data_offsets: [4, 6] },
    });
    assert.match(header, /^\{.*\} *$/);
    assert.deepEqual([...bytes.subarray(8 + headerLength)], [0x00, 0x00, 0xc0, 0x3f, 0, 1]);
  });

  test("file round trip writes atomically and overwrites", () => {
    const dir = mkdtempSync(join(tmpdir(), "safetensors-"));
    const path = join(dir, "model.safetensors");
    writeSafetensors(path, new Map([["x", floatTensor([1], Float32Array.from([7]))]]));
    writeSafetensors(path, sample(), { run: "2" });
    assertSameTensors(readSafetensors(path), sample());
    assert.deepEqual(readSafetensorsContent(path).metadata, { run: "2" });
    assert.deepEqual(readdirSync(dir), ["model.safetensors"], "no temporary file left behind");
  });

  test("a write that fails leaves the old file intact", () => {
    const dir = mkdtempSync(join(tmpdir(), "safetensors-"));
    const path = join(dir, "model.safetensors");
    writeSafetensors(path, sample());
    const before = readFileSync(path);
    assert.throws(
      () => writeSafetensors(path, new Map([["bad", maskTensor([1], Uint8Array.from([2]))]])),
      /mask "bad" holds 2/,
    );
    assert.deepEqual(readFileSync(path), before);
    assert.throws(() => writeSafetensors(join(dir, "missing-dir", "x.safetensors"), sample()), /ENOENT/);
  });
});

describe("safetensors dtype conversion", () => {
  test("F64, F16 and BF16 read as float32; U8 reads as a mask", () => {
    const data = new Uint8Array(8 * 2 + 2 * 3 + 2 * 2 + 3);
    const view = new DataView(data.buffer);
    view.setFloat64(0, 0.1, true);
    view.setFloat64(8, -1e300, true);
    [0x3c00, 0xc000, 0x0001].forEach((bits, i) => view.setUint16(16 + 2 * i, bits, true)); // 1, -2, 2^-24
    [0x3fc0, 0xbf80].forEach((bits, i) => view.setUint16(22 + 2 * i, bits, true)); // 1.5, -1
    data.set([1, 0, 1], 26);
    const { tensors } = decodeSafetensors(
      handBuilt(
        {
          d: { dtype: "F64", shape: [2], data_offsets: [0, 16] },
          h: { dtype: "F16", shape: [3], data_offsets: [16, 22] },
          b: { dtype: "BF16", shape: [2], data_offsets: [22, 26] },
          u: { dtype: "U8", shape: [3], data_offsets: [26, 29] },
        },
        data,
      ),
    );
    assert.deepEqual([...tensors.get("d")!.data], [Math.fround(0.1), -Infinity]);
    assert.deepEqual([...tensors.get("h")!.data], [1, -2, 2 ** -24]);
    assert.deepEqual([...tensors.get("b")!.data], [1.5, -1]);
    assert.equal(tensors.get("u")!.dtype, "bool");
    assert.deepEqual([...tensors.get("u")!.data], [1, 0, 1]);
  });
});

describe("safetensors errors", () => {
  const good = () => encodeSafetensors(sample());
  const cases: [string, () => Uint8Array, RegExp][] = [
    ["fewer than 8 bytes", () => new Uint8Array(5), /truncated: 5 bytes/],
    [
      "truncated data",
      () => good().subarray(0, good().length - 1),
      /tensor "\w+" ends at byte (\d+) but the data holds only \d+ bytes \(truncated file\?\)/,
    ],
    ["truncated header", () => good().subarray(0, 20), /header length \d+ exceeds the 12 bytes/],
    ["header is not JSON", () => handBuilt({}, new Uint8Array()).fill(0x7b, 8), /header is not valid UTF-8 JSON/],
    ["header is an array", () => handBuilt([], new Uint8Array()), /header must be a JSON object/],
    [
      "unsupported dtype",
      () => handBuilt({ x: { dtype: "I64", shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8)),
      /"x" has unsupported dtype I64; supported: F32/,
    ],
    [
      "missing dtype",
      () => handBuilt({ x: { shape: [1], data_offsets: [0, 4] } }, new Uint8Array(4)),
      /"x" has no dtype/,
    ],
    [
      "bad shape",
      () => handBuilt({ x: { dtype: "F32", shape: [-1], data_offsets: [0, 4] } }, new Uint8Array(4)),
      /"x" shape must be a list of non-negative integers/,
    ],
    [
      "shape disagrees with byte count",
      () => handBuilt({ x: { dtype: "F32", shape: [2, 2], data_offsets: [0, 12] } }, new Uint8Array(12)),
      /"x" \(F32 \[2,2\]\) needs 16 bytes, its data_offsets span 12/,
    ],
    [
      "bad offsets",
      () => handBuilt({ x: { dtype: "F32", shape: [1], data_offsets: [4, 0] } }, new Uint8Array(4)),
      /data_offsets must be \[begin, end\]/,
    ],
    [
      "gap between tensors",
      () => handBuilt({ x: { dtype: "F32", shape: [1], data_offsets: [4, 8] } }, new Uint8Array(8)),
      /"x" starts at byte 4 of the data, expected 0/,
    ],
    [
      "overlapping tensors",
      () =>
        handBuilt(
          {
            x: { dtype: "F32", shape: [1], data_offsets: [0, 4] },
            y: { dtype: "U8", shape: [2], data_offsets: [2, 4] },
          },
          new Uint8Array(4),
        ),
      /"y" starts at byte 2 of the data, expected 4|"x" starts at byte 0/,
    ],
    [
      "trailing bytes",
      () => handBuilt({ x: { dtype: "U8", shape: [1], data_offsets: [0, 1] } }, new Uint8Array(3)),
      /2 bytes after the last tensor/,
    ],
    [
      "mask value other than 0/1",
      () => handBuilt({ m: { dtype: "BOOL", shape: [2], data_offsets: [0, 2] } }, Uint8Array.from([1, 3])),
      /BOOL tensor "m" holds 3 at element 1/,
    ],
    [
      "metadata value not a string",
      () => handBuilt({ __metadata__: { epochs: 3 } }, new Uint8Array()),
      /metadata "epochs" must be a string/,
    ],
  ];
  for (const [what, bytes, message] of cases) {
    test(what, () =>
      assert.throws(
        () => decodeSafetensors(bytes(), "file.safetensors"),
        (error: Error) => {
          assert.match(error.message, /^file\.safetensors: /);
          assert.match(error.message, message);
          return true;
        },
      ),
    );
  }

  test("reading a missing or truncated file names the path", () => {
    const dir = mkdtempSync(join(tmpdir(), "safetensors-"));
    const path = join(dir, "cut.safetensors");
    writeFileSync(path, good().subarray(0, 30));
    assert.throws(() => readSafetensors(path), new RegExp(`^Error: ${path.replace(/[.]/g, "\\.")}: `));
    assert.throws(
      () => readSafetensors(join(dir, "absent.safetensors")),
      /cannot read the weights file .*absent\.safetensors: no such file/,
    );
    assert.ok(!existsSync(join(dir, "absent.safetensors")));
  });

  test("the writer rejects data that does not fit its shape, bad masks and bad names", () => {
    const wrongSize = { shape: [2, 2], dtype: "float32" as const, data: new Float32Array(3) };
    assert.throws(() => encodeSafetensors(new Map([["w", wrongSize]])), /"w" of shape \[2,2\] needs 4 values, has 3/);
    assert.throws(() => encodeSafetensors(new Map([["m", maskTensor([1], Uint8Array.from([5]))]])), /mask "m" holds 5/);
    assert.throws(() => encodeSafetensors(new Map([["__metadata__", floatTensor([1])]])), /cannot be a tensor name/);
    const floatAsMask = { shape: [1], dtype: "bool" as const, data: new Float32Array(1) };
    assert.throws(() => encodeSafetensors(new Map([["m", floatAsMask]])), /mask "m" must hold a Uint8Array/);
  });
});
