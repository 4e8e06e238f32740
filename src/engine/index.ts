/** The fused WebAssembly-SIMD engine behind `RecurrentModel` (see README.md beside this file), and its benchmarks. */
export * from "./timing";
export * from "./finite-difference-check";
export { kernelBackend, kernelVariant, type KernelVariant } from "./wasm-kernels";
export { NonFiniteError } from "./non-finite";
