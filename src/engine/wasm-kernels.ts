/**
 * Loads the engine's WebAssembly SIMD kernels (compiled from src/engine/assembly/kernels.ts by
 * scripts/build-kernels.mjs into <package root>/build-kernels/) and owns their linear memory.
 * Every kernel takes byte addresses into that memory; `KernelMemory` hands out aligned regions.
 *
 * Two builds exist: "simd" (plain WebAssembly SIMD) and "fma" (adds relaxed SIMD, whose `f32x4.relaxed_madd`
 * V8 lowers to one fused multiply-add on CPUs with FMA; about 15% faster training steps here). Node ≥ 22 validates
 * relaxed SIMD by default; Node 20 needs V8's `--experimental-wasm-relaxed-simd`, which the loader sets at run time
 * before compiling. Fused and unfused products round differently (by about one float32 ulp per product), so a
 * result is reproducible bit for bit for one variant on one kind of CPU; `SPARSE_RNN_KERNELS=simd` forces the
 * plain build.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import type { KernelExports } from "./kernel-exports";
import { packageRoot } from "../data/dataset-files";
import { isTaped, nativeKernelsUnavailable, nativeLanes, tapedKernels } from "./native-kernels";

/** The slice of the WebAssembly JS API the engine uses (the project compiles without the DOM typings). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
  validate(bytes: Uint8Array): boolean;
};

/**
 * Which build of the kernels: plain WebAssembly SIMD, SIMD with relaxed-SIMD fused multiply-adds, or the native
 * x86-64 kernels (AVX2/AVX-512, see native-kernels.ts) on the "fma" build's memory.
 */
export type KernelVariant = "simd" | "fma" | "native";

/** The kernel variants, for option parsing and error messages. */
export const KERNEL_VARIANTS: readonly KernelVariant[] = ["native", "fma", "simd"];

type WasmVariant = Exclude<KernelVariant, "native">;
const KERNEL_FILES: Record<WasmVariant, string> = { simd: "kernels.wasm", fma: "kernels-fma.wasm" };
const compiled = new Map<WasmVariant, object>();
let chosen: KernelVariant | undefined;
let relaxedSimd: boolean | undefined;

/** Path of a compiled WebAssembly kernel build: <package root>/build-kernels/<file>. */
export function kernelsPath(variant: WasmVariant = "simd"): string {
  return join(packageRoot(), "build-kernels", KERNEL_FILES[variant]);
}

/** Why the native kernels cannot run here, or "" when they can. */
export function nativeKernelsMissing(): string {
  return nativeKernelsUnavailable(packageRoot());
}

function readKernels(variant: WasmVariant): Uint8Array {
  const path = kernelsPath(variant);
  if (!existsSync(path))
    throw new Error(
      `${path} is missing: build the WebAssembly kernels with "npm run build" (scripts/build-kernels.mjs)`,
    );
  return readFileSync(path);
}

/** Whether this runtime can run the "fma" build (enabling Node 20's relaxed-SIMD flag if needed). */
export function relaxedSimdAvailable(): boolean {
  if (relaxedSimd === undefined) {
    const bytes = readKernels("fma");
    if (!WebAssembly.validate(bytes)) setFlagsFromString("--experimental-wasm-relaxed-simd");
    relaxedSimd = WebAssembly.validate(bytes);
  }
  return relaxedSimd;
}

/**
 * The variant this process uses: `SPARSE_RNN_KERNELS` (native|fma|simd) if set, else the first of native, fma and
 * simd this machine runs.
 */
export function kernelVariant(): KernelVariant {
  if (chosen) return chosen;
  const requested = process.env.SPARSE_RNN_KERNELS;
  if (requested) chosen = parseKernelVariant(requested, "SPARSE_RNN_KERNELS");
  else chosen = !nativeKernelsMissing() ? "native" : relaxedSimdAvailable() ? "fma" : "simd";
  return chosen;
}

/** `value` as a kernel variant this machine runs, or an error that names `source` (a variable or an option). */
export function parseKernelVariant(value: string, source: string): KernelVariant {
  if (!KERNEL_VARIANTS.includes(value as KernelVariant))
    throw new Error(`${source} must be ${KERNEL_VARIANTS.join(", ")}, got "${value}"`);
  if (value === "fma" && !relaxedSimdAvailable())
    throw new Error(`${source}: fma, but this runtime cannot run relaxed SIMD`);
  if (value === "native" && nativeKernelsMissing()) throw new Error(`${source}: native, but ${nativeKernelsMissing()}`);
  return value as KernelVariant;
}

/** Name of the kernels' backend, as benchmarks and training summaries report it. */
export function kernelBackend(variant: KernelVariant = kernelVariant()): string {
  if (variant === "native") {
    const lanes = nativeLanes(packageRoot());
    const rest = relaxedSimdAvailable() ? "wasm-simd FMA" : "wasm-simd";
    return `native x86-64 ${lanes === 16 ? "AVX-512" : "AVX2"} (${lanes} lanes) + ${rest}`;
  }
  return variant === "fma" ? "wasm-simd + relaxed-simd FMA (AssemblyScript)" : "wasm-simd (AssemblyScript)";
}

/** A fresh instance of the kernels with its own memory (one per model, so models never share state). */
export function instantiateKernels(variant: KernelVariant = kernelVariant()): KernelExports {
  if (variant === "native")
    return tapedKernels(instantiateKernels(relaxedSimdAvailable() ? "fma" : "simd"), packageRoot());
  let module = compiled.get(variant);
  if (!module) {
    if (variant === "fma" && !relaxedSimdAvailable())
      throw new Error("the fma kernels need relaxed SIMD, which this runtime lacks");
    module = new WebAssembly.Module(readKernels(variant));
    compiled.set(variant, module);
  }
  return new WebAssembly.Instance(module, {
    env: {
      abort: (_message: number, _file: number, line: number, column: number) => {
        throw new Error(`WebAssembly kernel aborted at ${line}:${column}`);
      },
    },
  }).exports as unknown as KernelExports;
}

/** A bump allocator over a kernel instance's memory: 64-byte aligned float32 regions, growing the memory on demand. */
export class KernelMemory {
  readonly kernels: KernelExports;
  private readonly base: number;
  private top: number;
  private view: Float32Array;

  constructor(kernels: KernelExports) {
    this.kernels = kernels;
    this.base = kernels.heapBase();
    this.top = this.base;
    this.view = new Float32Array(kernels.memory.buffer);
  }

  /** Current allocation mark (to release everything allocated after it with `release`). */
  mark(): number {
    return this.top;
  }

  /** Forget every region allocated after `mark` (their memory is reused by later allocations). */
  release(mark: number): void {
    this.top = mark;
  }

  /** Allocate `count` float32 (or int32) slots; returns the byte address. Contents are unspecified. */
  allocate(count: number): number {
    const address = this.top;
    this.top = address + Math.ceil((count * 4) / 64) * 64;
    const needed = this.top - this.kernels.memory.buffer.byteLength;
    if (needed > 0) {
      try {
        this.kernels.memory.grow(Math.ceil(needed / 65536));
      } catch (error) {
        this.top = address;
        throw new Error(
          `kernel memory cannot grow to ${Math.ceil((address + count * 4) / 2 ** 20)} ` +
            `MiB (${(error as Error).message}): use smaller batches`,
        );
      }
    }
    return address;
  }

  /** Run the kernel calls still queued (native kernels queue them), so the memory holds their results. */
  flush(): void {
    if (isTaped(this.kernels)) this.kernels.flush();
  }

  /** A float32 view of the whole memory (re-created after the memory grew), with every queued kernel call done. */
  floats(): Float32Array {
    this.flush();
    if (this.view.buffer !== this.kernels.memory.buffer) this.view = new Float32Array(this.kernels.memory.buffer);
    return this.view;
  }

  /** A float32 view of `count` floats at `address` (valid until the memory grows). */
  f32(address: number, count: number): Float32Array {
    return this.floats().subarray(address >> 2, (address >> 2) + count);
  }

  /** An int32 view of `count` ints at `address` (valid until the memory grows). */
  i32(address: number, count: number): Int32Array {
    this.flush();
    return new Int32Array(this.kernels.memory.buffer, address, count);
  }

  /** Set `count` floats at `address` to zero. */
  zero(address: number, count: number): void {
    if (isTaped(this.kernels)) return this.kernels.zero(address, count);
    this.floats().fill(0, address >> 2, (address >> 2) + count);
  }
}
