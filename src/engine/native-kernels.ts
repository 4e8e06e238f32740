/**
 * The optional native kernels (src/engine/native/kernels.cc, built by scripts/build-native.mjs for x86-64 with AVX2
 * or AVX-512) behind the same `KernelExports` interface as the WebAssembly kernels, on the same linear memory.
 *
 * A Node-API call costs about three WebAssembly calls, and a graph-structured model's training step makes some
 * 19,000 kernel calls, so the hot kernels are not called one by one: `TapedKernels` writes each call to a tape and
 * runs the tape in one native call when anything needs the results (a kernel it does not tape, a read of the memory
 * through `KernelMemory`, or the end of a forward or backward pass). Every other kernel runs in WebAssembly as before.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { KernelExports } from "./kernel-exports";

/** The addon's interface (see `Run` and `Lanes` in kernels.cc). */
interface NativeAddon {
  /** Run `length` ints of `tape` on `memory`; -1, or the tape offset of the first call outside the memory. */
  run(memory: ArrayBuffer, tape: Int32Array, length: number): number;
  /** Vector width the addon was built for: 8 (AVX2) or 16 (AVX-512). */
  lanes(): number;
}

/** The kernels the tape runs natively, in opcode order (opcode = index + 1; the addon's `Op` enum). */
const TAPED_KERNELS = [
  "gemm",
  "sparseGemm",
  "outerAccumulate",
  "sparseOuterAccumulate",
  "rowSumAccumulate",
  "copyRows",
  "multiplyInPlace",
  "multiply",
  "addInPlace",
  "maskedTranspose",
  "transpose",
  "tokenProjectionGather",
  "tokenScatter",
  "rnnForward",
  "rnnBackward",
  "lstmForward",
  "lstmBackward",
  "gruForward",
  "gruBackward",
  "zero",
  "transcendental",
  "packedGemm",
  "packedOuterAccumulate",
  "scatterAdd",
  "gatherValues",
] as const;

/** Ints of tape before a flush is forced (a training step of the largest sweep model needs about 150,000). */
const TAPE_CAPACITY = 1 << 18;

/** Kernel exports whose hot kernels queue on a native tape; `flush` runs the queue. */
export interface TapedKernels extends KernelExports {
  /** Run every queued kernel call, so the memory holds their results. */
  flush(): void;
  /** Queue: `count` floats at `address` become 0. */
  zero(address: number, count: number): void;
  /** Run what is queued, then also copy every call queued from now on until `stopCapture`. */
  startCapture(): void;
  /**
   * The calls queued since `startCapture` (still queued to run), or null if anything else happened meanwhile (a
   * WebAssembly kernel, a read of the memory), since replaying the calls alone would then not do the same.
   */
  stopCapture(): Int32Array | null;
  /** Run queued calls, then `calls` (a capture) again, with the arguments they were captured with. */
  replay(calls: Int32Array): void;
}

/** Whether `kernels` queue calls on a native tape (and so need `flush` before their memory is read). */
export function isTaped(kernels: KernelExports): kernels is TapedKernels {
  return typeof (kernels as Partial<TapedKernels>).flush === "function";
}

/** Arguments of a taped kernel (the WebAssembly export's parameter count; `zero` exists only natively). */
function arityOf(wasm: KernelExports, name: string): number {
  return name === "zero" ? 2 : (wasm[name as keyof KernelExports] as { length: number }).length;
}

let loaded: NativeAddon | null | undefined;
let loadFailure = "";

/** CPU features of this machine from /proc/cpuinfo (Linux), or undefined where it cannot tell. */
function cpuFlags(): Set<string> | undefined {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((text) => text.startsWith("flags"));
    return line
      ? new Set(
          line
            .slice(line.indexOf(":") + 1)
            .trim()
            .split(/\s+/),
        )
      : undefined;
  } catch {
    return undefined;
  }
}

/** The widest native build this CPU runs, or undefined (with the reason in `nativeKernelsUnavailable()`). */
function loadAddon(packageRoot: string): NativeAddon | undefined {
  if (loaded !== undefined) return loaded ?? undefined;
  loaded = null;
  if (process.arch !== "x64") {
    loadFailure = `native kernels are x86-64 only (this is ${process.arch})`;
    return undefined;
  }
  const flags = cpuFlags();
  if (!flags) {
    loadFailure = "cannot read the CPU's features (/proc/cpuinfo) to choose a native build";
    return undefined;
  }
  const avx512 = ["avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl"].every((flag) => flags.has(flag));
  const avx2 = ["avx2", "fma", "bmi2", "movbe"].every((flag) => flags.has(flag));
  const builds = [...(avx512 ? ["avx512"] : []), ...(avx2 ? ["avx2"] : [])];
  if (builds.length === 0) {
    loadFailure = "this CPU has neither AVX2 with FMA nor AVX-512";
    return undefined;
  }
  for (const build of builds) {
    const path = join(packageRoot, "build-kernels", `kernels-native-${build}.node`);
    if (!existsSync(path)) continue;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require(path) as NativeAddon;
      return loaded;
    } catch (error) {
      loadFailure = `${path} does not load: ${(error as Error).message}`;
      return undefined;
    }
  }
  loadFailure = `no native build for this CPU in ${join(packageRoot, "build-kernels")} (npm run build makes them)`;
  return undefined;
}

/** The loaded addon's vector width, or undefined. */
export function nativeLanes(packageRoot: string): number | undefined {
  return loadAddon(packageRoot)?.lanes();
}

/** Why the native kernels cannot run here ("" when they can). */
export function nativeKernelsUnavailable(packageRoot: string): string {
  return loadAddon(packageRoot) ? "" : loadFailure;
}

/**
 * `wasm`'s exports with the hot kernels queued on a native tape over `wasm`'s memory; the rest call `wasm` after
 * running the queue. Throws if the native kernels cannot run here.
 */
export function tapedKernels(wasm: KernelExports, packageRoot: string): TapedKernels {
  const addon = loadAddon(packageRoot);
  if (!addon) throw new Error(`native kernels unavailable: ${loadFailure}`);
  let tape = new Int32Array(4096);
  let length = 0;
  /** Run `count` ints of `calls`, or throw naming the first call outside the memory (none after it ran). */
  const run = (calls: Int32Array, count: number): void => {
    const failed = addon.run(wasm.memory.buffer, calls, count);
    if (failed >= 0) {
      const name = TAPED_KERNELS[calls[failed]! - 1] ?? `opcode ${calls[failed]}`;
      const args = Array.from(calls.subarray(failed + 1, failed + 1 + arityOf(wasm, name))).join(", ");
      throw new Error(
        `native kernel ${name}(${args}) reaches outside the kernel memory ` +
          `(${wasm.memory.buffer.byteLength} bytes); no later queued call ran`,
      );
    }
  };
  // A capture copies every call queued between startCapture and stopCapture. It is only valid if nothing but queued
  // calls happened meanwhile: a flush for any other reason (a WebAssembly kernel, a read of the memory) breaks it.
  let captured: Int32Array[] | null = null;
  let captureBroken = false;
  const flushTape = (reason: "capacity" | "other"): void => {
    if (captured && reason === "other") captureBroken = true;
    if (length === 0) return;
    const count = length;
    length = 0;
    if (captured) captured.push(tape.slice(0, count));
    run(tape, count);
  };
  const flush = (): void => flushTape("other");
  const startCapture = (): void => {
    flush();
    captured = [];
    captureBroken = false;
  };
  const stopCapture = (): Int32Array | null => {
    const chunks = captured ?? [];
    captured = null;
    if (captureBroken) return null;
    if (length > 0) chunks.push(tape.slice(0, length));
    const calls = new Int32Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
    let at = 0;
    for (const chunk of chunks) calls.set(chunk, (at += chunk.length) - chunk.length);
    return calls;
  };
  const replay = (calls: Int32Array): void => {
    flush();
    run(calls, calls.length);
  };
  /** Room for one call of `ints` ints (opcode included); returns where it starts. */
  const reserve = (ints: number): number => {
    if (length + ints > tape.length) {
      if (tape.length < TAPE_CAPACITY) {
        const grown = new Int32Array(tape.length * 2);
        grown.set(tape.subarray(0, length));
        tape = grown;
      } else flushTape("capacity");
    }
    const at = length;
    length += ints;
    return at;
  };
  // A pass's calls are recorded once per shape and replayed after (FusedNetwork.replayable), so recording needs no
  // tuning: a rest parameter is fine.
  const recorder =
    (opcode: number, arity: number) =>
    (...args: number[]): void => {
      const at = reserve(1 + arity);
      tape[at] = opcode;
      for (let i = 0; i < arity; i++) tape[at + 1 + i] = args[i]!;
    };
  const taped: Record<string, unknown> = { flush, startCapture, stopCapture, replay };
  TAPED_KERNELS.forEach((name, index) => {
    taped[name] = recorder(index + 1, arityOf(wasm, name));
  });
  for (const [name, value] of Object.entries(wasm as unknown as Record<string, unknown>)) {
    if (name in taped) continue;
    if (typeof value === "function") {
      const kernel = value as (...args: number[]) => unknown;
      taped[name] = (...args: number[]): unknown => {
        flush();
        return kernel(...args);
      };
    } else Object.defineProperty(taped, name, { get: () => (wasm as unknown as Record<string, unknown>)[name] });
  }
  // V8 keeps an object with this many properties added one by one in dictionary mode (a hash lookup at every
  // `kernels.gemm`); as a prototype it is made fast, and its methods are reached through monomorphic caches.
  return Object.create(taped) as TapedKernels;
}
