/**
 * Reading and writing the safetensors format (https://github.com/huggingface/safetensors), the file format
 * models are saved in, so PyTorch can load them and vice versa. Layout:
 *
 *   [8 bytes: N, unsigned little-endian] [N bytes: JSON header] [byte buffer]
 *
 * The header maps each tensor name to {dtype, shape, data_offsets: [begin, end]} (offsets into the byte buffer,
 * which the tensors must tile exactly, no gaps or overlaps) plus an optional "__metadata__" of string → string.
 * Data is row-major, little-endian.
 *
 * Read: F32 as float32; F64, F16 and BF16 converted to float32 (F64 loses precision beyond float32's, which is
 * what the models compute in anyway); BOOL and U8 as masks (values must be 0 or 1). Other dtypes are rejected.
 * Write: float32 as F32, masks as BOOL (what PyTorch's safetensors writes for torch.bool).
 */
import { writeFileAtomic } from "../files/atomic-file";
import { readBinaryFile } from "../files/read-file";
import { NamedTensor, TensorMap, shapeSize } from "../models/named-tensors";

/** A decoded safetensors file: its tensors (in the header's order) and its string metadata. */
export interface SafetensorsContent {
  readonly tensors: TensorMap;
  readonly metadata: Record<string, string>;
}

/** Header entry of one tensor, as stored in the file. */
interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** Bytes per element and conversion to float32 of the floating dtypes we read. */
const FLOAT_READERS: Record<string, { bytes: number; read: (view: DataView, offset: number) => number }> = {
  F32: { bytes: 4, read: (view, offset) => view.getFloat32(offset, true) },
  F64: { bytes: 8, read: (view, offset) => view.getFloat64(offset, true) },
  F16: { bytes: 2, read: (view, offset) => halfToNumber(view.getUint16(offset, true)) },
  BF16: { bytes: 2, read: (view, offset) => bfloat16ToNumber(view.getUint16(offset, true)) },
};
const MASK_DTYPES = new Set(["BOOL", "U8"]);
const SUPPORTED = "F32, F64, F16, BF16 (read as float32) and BOOL, U8 (read as 0/1 masks)";
/** The reference implementation refuses headers above 100 MB; so do we, before allocating anything. */
const MAX_HEADER_BYTES = 100_000_000;
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Decode a safetensors byte image; `source` names it in error messages. */
export function decodeSafetensors(bytes: Uint8Array, source = "safetensors data"): SafetensorsContent {
  const fail = (message: string): never => {
    throw new Error(`${source}: ${message}`);
  };
  if (bytes.length < 8) fail(`truncated: ${bytes.length} bytes, too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - 8))) {
    fail(
      `header length ${headerLength} exceeds the ${bytes.length - 8} ` +
        "bytes after the length field (truncated or not a safetensors file)",
    );
  }
  const headerEnd = 8 + Number(headerLength);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, headerEnd)));
  } catch (error) {
    fail(`header is not valid UTF-8 JSON (${(error as Error).message})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) fail("header must be a JSON object");
  const bufferLength = bytes.length - headerEnd;
  const metadata: Record<string, string> = {};
  const entries: [string, HeaderEntry][] = [];
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (typeof value !== "object" || value === null || Array.isArray(value))
        fail(`"__metadata__" must be an object of strings`);
      for (const [key, text] of Object.entries(value as Record<string, unknown>)) {
        if (typeof text !== "string") fail(`metadata "${key}" must be a string, got ${JSON.stringify(text)}`);
        metadata[key] = text as string;
      }
      continue;
    }
    entries.push([name, checkEntry(name, value, fail)]);
  }
  // The tensors must tile the byte buffer exactly, in offset order.
  let expectedBegin = 0;
  for (const [name, entry] of [...entries].sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0])) {
    const [begin, end] = entry.data_offsets;
    if (begin !== expectedBegin)
      fail(`tensor "${name}" starts at byte ${begin} of the data, expected ${expectedBegin} (gap or overlap)`);
    if (end > bufferLength)
      fail(`tensor "${name}" ends at byte ${end} but the data holds only ${bufferLength} bytes (truncated file?)`);
    expectedBegin = end;
  }
  if (expectedBegin !== bufferLength)
    fail(`${bufferLength - expectedBegin} bytes after the last tensor belong to none`);

  const tensors: TensorMap = new Map();
  for (const [name, entry] of entries) {
    const [begin, end] = entry.data_offsets;
    const start = headerEnd + begin;
    if (MASK_DTYPES.has(entry.dtype)) {
      const data = copyBytes(bytes, start, headerEnd + end);
      const bad = data.findIndex((value) => value > 1);
      if (bad >= 0) fail(`${entry.dtype} tensor "${name}" holds ${data[bad]} at element ${bad}; masks must be 0 or 1`);
      tensors.set(name, { shape: entry.shape, dtype: "bool", data });
    } else if (entry.dtype === "F32" && LITTLE_ENDIAN_HOST) {
      tensors.set(name, {
        shape: entry.shape,
        dtype: "float32",
        data: new Float32Array(copyBytes(bytes, start, headerEnd + end).buffer),
      });
    } else {
      const reader = FLOAT_READERS[entry.dtype];
      const data = new Float32Array(shapeSize(entry.shape));
      for (let i = 0; i < data.length; i++) data[i] = reader.read(view, start + i * reader.bytes);
      tensors.set(name, { shape: entry.shape, dtype: "float32", data });
    }
  }
  return { tensors, metadata };
}

/** A copy of bytes[begin, end) in its own aligned buffer (Node's Buffer.slice would share the input's memory). */
function copyBytes(bytes: Uint8Array, begin: number, end: number): Uint8Array {
  return new Uint8Array(bytes.subarray(begin, end));
}

function checkEntry(name: string, value: unknown, fail: (message: string) => never): HeaderEntry {
  const entry = value as Partial<HeaderEntry> | null;
  if (typeof entry !== "object" || entry === null) return fail(`tensor "${name}" header must be an object`);
  const { dtype, shape, data_offsets: offsets } = entry;
  if (typeof dtype !== "string") return fail(`tensor "${name}" has no dtype`);
  const width = MASK_DTYPES.has(dtype) ? 1 : FLOAT_READERS[dtype]?.bytes;
  if (width === undefined) return fail(`tensor "${name}" has unsupported dtype ${dtype}; supported: ${SUPPORTED}`);
  if (!Array.isArray(shape) || !shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0)) {
    return fail(`tensor "${name}" shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
    offsets[0] > offsets[1]
  ) {
    return fail(
      `tensor "${name}" data_offsets must be [begin, end] with 0 <= begin <= end, got ${JSON.stringify(offsets)}`,
    );
  }
  const expected = shapeSize(shape) * width;
  if (offsets[1] - offsets[0] !== expected) {
    return fail(
      `tensor "${name}" (${dtype} [${shape}]) needs ${expected} bytes, ` +
        `its data_offsets span ${offsets[1] - offsets[0]}`,
    );
  }
  return { dtype, shape: [...shape], data_offsets: [offsets[0], offsets[1]] };
}

/** Encode tensors (float32 → F32, bool → BOOL) and optional string metadata as a safetensors byte image. */
export function encodeSafetensors(tensors: TensorMap, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) {
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== "string") throw new Error(`metadata "${key}" must be a string, got ${typeof value}`);
    }
    header.__metadata__ = metadata;
  }
  let offset = 0;
  const parts: Uint8Array[] = [];
  for (const [name, tensor] of tensors) {
    if (name === "__metadata__" || name.length === 0) throw new Error(`"${name}" cannot be a tensor name`);
    const data = tensorBytes(name, tensor);
    header[name] = {
      dtype: tensor.dtype === "float32" ? "F32" : "BOOL",
      shape: [...tensor.shape],
      data_offsets: [offset, offset + data.length],
    };
    parts.push(data);
    offset += data.length;
  }
  // Pad the header with spaces so the data starts 8-byte aligned, as the Python writer does.
  let json = JSON.stringify(header);
  const encoded = new TextEncoder().encode(json);
  json += " ".repeat((8 - (encoded.length % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let position = 8 + headerBytes.length;
  for (const part of parts) {
    out.set(part, position);
    position += part.length;
  }
  return out;
}

function tensorBytes(name: string, tensor: NamedTensor): Uint8Array {
  const size = shapeSize(tensor.shape);
  if (tensor.data.length !== size)
    throw new Error(`tensor "${name}" of shape [${tensor.shape}] needs ${size} values, has ${tensor.data.length}`);
  if (tensor.dtype === "bool") {
    if (!(tensor.data instanceof Uint8Array)) throw new Error(`mask "${name}" must hold a Uint8Array`);
    const bad = tensor.data.findIndex((value) => value > 1);
    if (bad >= 0) throw new Error(`mask "${name}" holds ${tensor.data[bad]} at element ${bad}; masks must be 0 or 1`);
    return tensor.data;
  }
  if (tensor.dtype !== "float32" || !(tensor.data instanceof Float32Array)) {
    throw new Error(
      `tensor "${name}" must be float32 data in a Float32Array or a bool mask, got dtype ${tensor.dtype}`,
    );
  }
  if (LITTLE_ENDIAN_HOST) return new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  const bytes = new Uint8Array(size * 4);
  const view = new DataView(bytes.buffer);
  tensor.data.forEach((value, i) => view.setFloat32(i * 4, value, true));
  return bytes;
}

/** Read a safetensors file's tensors and metadata. */
export function readSafetensorsContent(path: string): SafetensorsContent {
  return decodeSafetensors(readBinaryFile(path, "the weights file"), path);
}

/** Read a safetensors file's tensors. */
export function readSafetensors(path: string): TensorMap {
  return readSafetensorsContent(path).tensors;
}

/** Write tensors to a safetensors file atomically (a temporary file beside it, then a rename). */
export function writeSafetensors(path: string, tensors: TensorMap, metadata?: Record<string, string>): void {
  writeFileAtomic(path, Buffer.from(encodeSafetensors(tensors, metadata)));
}

/** IEEE 754 half precision bits to a number. */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** bfloat16 bits (the upper half of a float32) to a number. */
function bfloat16ToNumber(bits: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, bits << 16);
  return view.getFloat32(0);
}
