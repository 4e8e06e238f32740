/**
 * A pruned weight matrix in compressed rows (CSR), for the engine's sparse products. Built when the mask changes,
 * its values re-gathered after every update; holds the pattern of W ⊙ M [R][K] and of its transpose, so forward
 * (W·x), backward (Wᵀ·g) and the weight gradient (at kept entries only) all skip pruned weights. The sparse kernels
 * add the kept terms in the dense kernels' order, so switching between them never changes a result.
 */
import type { KernelMemory } from "./wasm-kernels";

/** Addresses of one CSR in kernel memory. */
export interface CsrAddresses {
  readonly vals: number;
  readonly cols: number;
  readonly positions: number;
  readonly rowStart: number;
}

/** Densities at or below which the sparse kernels beat the dense ones on this engine (measured with `bench`). */
export interface SparseThresholds {
  /** W·x and Wᵀ·g products (a kept weight costs about 1.6× its share of the dense product). */
  readonly product: number;
  /** The weight gradient Σ G·Xᵀ at kept entries only. */
  readonly gradient: number;
}

/**
 * Default thresholds: where the sparse kernels start to win in `sparse-rnn bench --sparse` (LSTM, GRU and RNN alike).
 */
export const SPARSE_THRESHOLDS: SparseThresholds = { product: 0.45, gradient: 0.5 };

/** A masked weight W [R][K] (address `weight`, mask at `weight + maskDelta`) and its compressed forms. */
export class CompressedWeight {
  readonly rowsForm: CsrAddresses;
  readonly transposedForm: CsrAddresses;
  private kept = 0;

  constructor(
    private readonly memory: KernelMemory,
    readonly weight: number,
    readonly maskDelta: number,
    readonly R: number,
    readonly K: number,
  ) {
    const csr = (rows: number): CsrAddresses => ({
      vals: memory.allocate(R * K),
      cols: memory.allocate(R * K),
      positions: memory.allocate(R * K),
      rowStart: memory.allocate(rows + 1),
    });
    this.rowsForm = csr(R);
    this.transposedForm = csr(K);
  }

  /** Fraction of weights the mask keeps (as of the last `rebuild`). */
  get density(): number {
    return this.R * this.K === 0 ? 1 : this.kept / (this.R * this.K);
  }

  /** Number of kept weights. */
  get nnz(): number {
    return this.kept;
  }

  /** Recompute both patterns and values from the current weight and mask. */
  rebuild(): void {
    const k = this.memory.kernels;
    const mask = this.weight + this.maskDelta;
    const { rowsForm: a, transposedForm: b } = this;
    this.kept = k.compressRows(a.vals, a.cols, a.positions, a.rowStart, this.weight, mask, this.R, this.K, 0);
    k.compressRows(b.vals, b.cols, b.positions, b.rowStart, this.weight, mask, this.R, this.K, 1);
  }

  /** Re-gather the kept values after the weights changed (the mask did not). */
  refreshValues(): void {
    const k = this.memory.kernels;
    k.gatherValues(this.rowsForm.vals, this.rowsForm.positions, this.weight, this.kept);
    k.gatherValues(this.transposedForm.vals, this.transposedForm.positions, this.weight, this.kept);
  }
}
