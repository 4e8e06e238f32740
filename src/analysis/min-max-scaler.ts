/** Min-max scaling to [0, 1] with scikit-learn MinMaxScaler's semantics (constant columns map to 0). */

/** A fitted scaler: per-column minimum and range (range 1 where a column is constant, as sklearn). */
export interface MinMaxScaler {
  min: number[];
  range: number[];
}

/** Fit on a rows × columns matrix. */
export function fitMinMax(matrix: readonly (readonly number[])[]): MinMaxScaler {
  if (matrix.length === 0) throw new Error("cannot fit a min-max scaler on zero rows");
  const width = matrix[0]!.length;
  const min = new Array<number>(width).fill(Infinity);
  const max = new Array<number>(width).fill(-Infinity);
  for (const row of matrix) {
    for (let j = 0; j < width; j++) {
      min[j] = Math.min(min[j]!, row[j]!);
      max[j] = Math.max(max[j]!, row[j]!);
    }
  }
  // sklearn's _handle_zeros_in_scale: a zero range becomes 1 so constant columns scale to 0.
  const range = max.map((hi, j) => (hi - min[j]! === 0 ? 1 : hi - min[j]!));
  return { min, range };
}

/** Scale a matrix with a fitted scaler, as sklearn computes it: x * (1 / range) - min / range. */
export function applyMinMax(scaler: MinMaxScaler, matrix: readonly (readonly number[])[]): number[][] {
  const scale = scaler.range.map((r) => 1 / r);
  const offset = scaler.min.map((m, j) => 0 - m * scale[j]!);
  return matrix.map((row) => row.map((x, j) => x * scale[j]! + offset[j]!));
}

/** Fit on the matrix and scale it (what the thesis did, on all rows before splitting). */
export function minMaxScale(matrix: readonly (readonly number[])[]): number[][] {
  return applyMinMax(fitMinMax(matrix), matrix);
}
