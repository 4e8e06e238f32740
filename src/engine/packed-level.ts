/**
 * A level of a graph-structured model packed into one recurrence: the units that read the same input sequence (a
 * layer and the skip layers leaving the layer before it) run their time steps together, with one product per
 * step and one cell call over all of them instead of one of each per unit.
 *
 * Layout: the level's state is the units' states one after the other ([ΣH][N] per step, unit u at rows off_u..),
 * and its gate rows are gate-major across units (gate g of unit u, hidden j at row g·ΣH + off_u + j), so the cell
 * kernels see one [G][ΣH][N] block. The weights are held in compressed rows built from the masks: W_ih stacked
 * [G·ΣH][I], W_hh block-diagonal [G·ΣH][ΣH], and both transposes. Each stored entry knows its weight's address, so
 * values are re-gathered after an update and gradients go straight into the parameter block.
 *
 * Every row adds its unit's kept terms in the unit's own order with the unit's multiply-add kind (fused inside gemm's
 * 4-row blocks, plain in its leftover rows), and the input gradient adds the units in the per-unit backward pass's
 * order (skip layers from the last to the first, then the layer), so the packed level's numbers equal the per-unit
 * path's bit for bit.
 */
import type { KernelExports } from "./kernel-exports";
import type { KernelMemory } from "./wasm-kernels";

/** The parameters of one unit of a level (byte addresses in kernel memory). */
export interface PackedUnit {
  readonly hidden: number;
  readonly wih: number;
  readonly whh: number;
  readonly bih: number;
  readonly bhh: number;
}

/**
 * A packed CSR in kernel memory: per row its entries' columns, values and weight addresses, and its multiply-add kind.
 */
interface PackedCsr {
  readonly rows: number;
  readonly capacity: number;
  readonly rowStart: number;
  readonly cols: number;
  readonly vals: number;
  readonly positions: number;
  readonly fused: number;
  nnz: number;
}

/** One entry of a CSR under construction. */
interface Entry {
  readonly col: number;
  readonly position: number;
}

/** The units of one level, packed (see the module comment). */
export class PackedLevel {
  /** State rows ΣH and gate rows G·ΣH. */
  readonly hidden: number;
  readonly rows: number;
  /** First state row of each unit. */
  readonly offsets: readonly number[];
  private readonly kernels: KernelExports;
  private readonly ih: PackedCsr;
  private readonly ihT: PackedCsr;
  private readonly hh: PackedCsr;
  private readonly hhT: PackedCsr;
  /** Packed b_ih and b_hh, their parameters' addresses, and the packed bias gradients. */
  private readonly bih: number;
  private readonly bhh: number;
  private readonly bihPositions: number;
  private readonly bhhPositions: number;
  private readonly biasGradient: number;

  constructor(
    private readonly memory: KernelMemory,
    /** The level's units in running order (the layer, if present, first; then skip layers in index order). */
    private readonly units: readonly PackedUnit[],
    readonly gates: number,
    readonly inputSize: number,
    private readonly maskDelta: number,
    private readonly gradientDelta: number,
  ) {
    if (units.length === 0) throw new Error("a packed level needs at least one unit");
    this.kernels = memory.kernels;
    const offsets: number[] = [];
    let hidden = 0;
    for (const u of units) {
      offsets.push(hidden);
      hidden += u.hidden;
    }
    this.offsets = offsets;
    this.hidden = hidden;
    this.rows = gates * hidden;
    const squares = units.reduce((sum, u) => sum + gates * u.hidden * u.hidden, 0);
    this.ih = this.allocateCsr(this.rows, this.rows * inputSize);
    this.ihT = this.allocateCsr(inputSize, this.rows * inputSize);
    this.hh = this.allocateCsr(this.rows, squares);
    this.hhT = this.allocateCsr(hidden, squares);
    this.bih = memory.allocate(this.rows);
    this.bhh = memory.allocate(this.rows);
    this.bihPositions = memory.allocate(this.rows);
    this.bhhPositions = memory.allocate(this.rows);
    this.biasGradient = memory.allocate(2 * this.rows);
    const bih = memory.i32(this.bihPositions, this.rows);
    const bhh = memory.i32(this.bhhPositions, this.rows);
    this.forEachRow((p, u, r) => {
      bih[p] = units[u]!.bih + 4 * r;
      bhh[p] = units[u]!.bhh + 4 * r;
    });
  }

  /** Rebuild the compressed patterns from the current masks (after the masks changed), and gather the values. */
  rebuild(): void {
    const { units, inputSize: I, gates: G } = this;
    const masks = this.memory.floats();
    const kept = (address: number) => masks[(address + this.maskDelta) >> 2] !== 0;
    const ihRows: Entry[][] = [];
    const hhRows: Entry[][] = [];
    const ihFused: number[] = [];
    const hhFused: number[] = [];
    const ihCols: Entry[][] = Array.from({ length: I }, () => []);
    const hhCols: Entry[][] = Array.from({ length: this.hidden }, () => []);
    // Per unit, its (packed row, unit row) pairs in unit-row order, for the transposes.
    const unitRows: [number, number][][] = units.map(() => []);
    this.forEachRow((p, ui, r) => {
      const u = units[ui]!;
      const H = u.hidden;
      const fused = r < ((G * H) & ~3) ? 1 : 0;
      const ih: Entry[] = [];
      for (let c = 0; c < I; c++) {
        const position = u.wih + 4 * (r * I + c);
        if (kept(position)) ih.push({ col: c, position });
      }
      const hh: Entry[] = [];
      for (let c = 0; c < H; c++) {
        const position = u.whh + 4 * (r * H + c);
        if (kept(position)) hh.push({ col: this.offsets[ui]! + c, position });
      }
      ihRows.push(ih);
      hhRows.push(hh);
      ihFused.push(fused);
      hhFused.push(fused);
      unitRows[ui]!.push([p, r]);
    });
    // Transposes: a row takes its units' entries unit by unit, each in unit-row order (the per-unit products' order).
    // The input gradient adds the units last to first (the skip layers, then the layer), as the per-unit backward pass
    // does.
    const backwardOrder = [...units.keys()].reverse();
    for (const ui of backwardOrder) {
      const u = units[ui]!;
      const rows = [...unitRows[ui]!].sort((a, b) => a[1] - b[1]);
      for (const [p, r] of rows)
        for (let c = 0; c < I; c++) {
          const position = u.wih + 4 * (r * I + c);
          if (kept(position)) ihCols[c]!.push({ col: p, position });
        }
    }
    units.forEach((u, ui) => {
      const rows = [...unitRows[ui]!].sort((a, b) => a[1] - b[1]);
      for (let c = 0; c < u.hidden; c++)
        for (const [p, r] of rows) {
          const position = u.whh + 4 * (r * u.hidden + c);
          if (kept(position)) hhCols[this.offsets[ui]! + c]!.push({ col: p, position });
        }
    });
    const ihTFused = Array.from({ length: I }, (_, i) => (i < (I & ~3) ? 1 : 0));
    const hhTFused: number[] = [];
    units.forEach((u) => {
      for (let j = 0; j < u.hidden; j++) hhTFused.push(j < (u.hidden & ~3) ? 1 : 0);
    });
    this.fill(this.ih, ihRows, ihFused);
    this.fill(this.ihT, ihCols, ihTFused);
    this.fill(this.hh, hhRows, hhFused);
    this.fill(this.hhT, hhCols, hhTFused);
    this.refreshValues();
  }

  /** Re-gather the weights' and biases' values after an update (the masks did not change). */
  refreshValues(): void {
    const k = this.kernels;
    for (const c of [this.ih, this.ihT, this.hh, this.hhT]) k.gatherValues(c.vals, c.positions, 0, c.nnz);
    k.gatherValues(this.bih, this.bihPositions, 0, this.rows);
    k.gatherValues(this.bhh, this.bhhPositions, 0, this.rows);
  }

  /** Fraction of the packed W_hh that is stored (block-diagonal, so small for many units). */
  get recurrentDensity(): number {
    return this.hh.nnz / (this.rows * this.hidden);
  }

  /** gates_t = b_ih + W_ih·x_t for t < T: gates [T][rows][N], input [T][inputSize][N]. */
  project(gates: number, input: number, T: number, N: number): void {
    const c = this.ih;
    this.kernels.packedGemm(
      gates,
      c.vals,
      c.cols,
      c.rowStart,
      c.fused,
      input,
      this.bih,
      this.rows,
      N,
      0,
      T,
      4 * this.rows * N,
      4 * this.inputSize * N,
    );
  }

  /** out = (accumulate ? out : 0) + b_hh + W_hh·h for one step. */
  recurrent(out: number, h: number, N: number, accumulate: number): void {
    const c = this.hh;
    this.kernels.packedGemm(out, c.vals, c.cols, c.rowStart, c.fused, h, this.bhh, this.rows, N, accumulate, 1, 0, 0);
  }

  /** dhRec = (accumulate ? dhRec : 0) + W_hhᵀ·dg for one step. */
  recurrentGradient(dhRec: number, dg: number, N: number, accumulate: number): void {
    const c = this.hhT;
    this.kernels.packedGemm(dhRec, c.vals, c.cols, c.rowStart, c.fused, dg, 0, this.hidden, N, accumulate, 1, 0, 0);
  }

  /**
   * The units' parameter gradients over the sequence, added into the parameter block, and dInput_t += W_ihᵀ·dgi_t.
   * dgi/dgh [T][rows][N] are the input- and recurrent-side gate gradients, h [T+1][hidden][N] the states.
   */
  gradients(dgi: number, dgh: number, h: number, input: number, dInput: number, T: number, N: number): void {
    const k = this.kernels;
    const { rows, hidden } = this;
    const GN = rows * N;
    const HN = hidden * N;
    const gd = this.gradientDelta;
    // h_0 = 0 contributes nothing to dW_hh, so the recurrent weight gradient sums steps 1..T-1 only.
    if (T > 1)
      k.packedOuterAccumulate(
        gd,
        this.hh.positions,
        this.hh.cols,
        this.hh.rowStart,
        dgh + 4 * GN,
        h + 4 * HN,
        rows,
        N,
        T - 1,
        4 * GN,
        4 * HN,
      );
    this.memory.zero(this.biasGradient, 2 * rows);
    k.rowSumAccumulate(this.biasGradient, dgi, rows, N, T, 4 * GN);
    // Rows where dgh equals dgi (all of them but GRU's n block, gate-major) have db_ih's sums: added to the zeroed
    // db_hh rather than summed over the sequence again, as the per-unit path does.
    const sameRows = dgh === dgi ? rows : 2 * hidden;
    const dbhh = this.biasGradient + 4 * rows;
    k.addInPlace(dbhh, this.biasGradient, sameRows);
    if (sameRows < rows) k.rowSumAccumulate(dbhh + 4 * sameRows, dgh + 4 * sameRows * N, rows - sameRows, N, T, 4 * GN);
    k.scatterAdd(gd, this.bihPositions, this.biasGradient, rows);
    k.scatterAdd(gd, this.bhhPositions, this.biasGradient + 4 * rows, rows);
    const I = this.inputSize;
    k.packedOuterAccumulate(
      gd,
      this.ih.positions,
      this.ih.cols,
      this.ih.rowStart,
      dgi,
      input,
      rows,
      N,
      T,
      4 * GN,
      4 * I * N,
    );
    const c = this.ihT;
    k.packedGemm(dInput, c.vals, c.cols, c.rowStart, c.fused, dgi, 0, I, N, 1, T, 4 * I * N, 4 * GN);
  }

  /** Calls `visit(packed row, unit, unit row)` for every gate row, in packed order (gate-major across units). */
  private forEachRow(visit: (p: number, unit: number, r: number) => void): void {
    let p = 0;
    for (let g = 0; g < this.gates; g++)
      this.units.forEach((u, ui) => {
        for (let j = 0; j < u.hidden; j++) visit(p++, ui, g * u.hidden + j);
      });
  }

  private allocateCsr(rows: number, capacity: number): PackedCsr {
    const m = this.memory;
    return {
      rows,
      capacity,
      rowStart: m.allocate(rows + 1),
      cols: m.allocate(capacity),
      vals: m.allocate(capacity),
      positions: m.allocate(capacity),
      fused: m.allocate(rows),
      nnz: 0,
    };
  }

  /** Write a CSR's pattern (values come from `refreshValues`). */
  private fill(csr: PackedCsr, rows: readonly Entry[][], fused: readonly number[]): void {
    const nnz = rows.reduce((sum, row) => sum + row.length, 0);
    if (rows.length !== csr.rows || nnz > csr.capacity)
      throw new Error(`packed level: ${rows.length} rows with ${nnz} entries do not fit ${csr.rows} × ${csr.capacity}`);
    const m = this.memory;
    const rowStart = m.i32(csr.rowStart, csr.rows + 1);
    const cols = m.i32(csr.cols, nnz);
    const positions = m.i32(csr.positions, nnz);
    m.i32(csr.fused, csr.rows).set(fused);
    let j = 0;
    rows.forEach((row, r) => {
      rowStart[r] = j;
      for (const e of row) {
        cols[j] = e.col;
        positions[j] = e.position;
        j++;
      }
    });
    rowStart[csr.rows] = j;
    csr.nnz = nnz;
  }
}
