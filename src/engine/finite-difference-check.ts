/**
 * Finite-difference check: analytic gradients set beside central differences of the loss,
 * ∂loss/∂θ ≈ (loss(θ + ε) − loss(θ − ε)) / 2ε, at the largest-gradient entry of every parameter tensor.
 *
 * Parameters are float32, so θ ± ε is rounded; the divisor is the step float32 really took, not 2ε. Even so a
 * float32 loss limits the difference to about 3–4 digits: ε ≈ 1e-2 balances rounding (which grows as ε shrinks)
 * against the O(ε²) truncation error.
 */
import { floatTensor, type TensorMap } from "../models/named-tensors";

/** Options of `checkGradients`; `Source` names the analytic gradients under test (e.g. "fused", "autograd"). */
export interface GradientCheckOptions<Source extends string> {
  /** The loss at the given parameters (called twice per checked entry, each time with one entry moved). */
  readonly loss: (params: TensorMap) => number;
  /** The point θ the gradients were taken at; never changed. */
  readonly params: TensorMap;
  /** The analytic gradients under test, by source; the first source listed chooses the entries to check. */
  readonly gradients: Readonly<Record<Source, TensorMap>>;
  /** Half the step of the central difference (default 1e-2). */
  readonly epsilon?: number;
}

/** One checked entry: the finite difference and, per source, its analytic value and relative error. */
export interface GradientCheckRow<Source extends string> {
  readonly name: string;
  /** Flat (row-major) index of the entry within its tensor. */
  readonly index: number;
  readonly finiteDifference: number;
  readonly analytic: Readonly<Record<Source, number>>;
  /** `relativeError(analytic, finiteDifference)` per source. */
  readonly error: Readonly<Record<Source, number>>;
}

/** |a − b| / max(|a|, |b|): 0 when equal, 1 or more when the sign or the scale is wrong (0 when both are 0). */
export function relativeError(a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 ? 0 : Math.abs(a - b) / scale;
}

/** Central difference of `loss` in entry `index` of tensor `name`, with the step float32 really took. */
export function centralDifference(
  loss: (params: TensorMap) => number,
  params: TensorMap,
  entry: { name: string; index: number },
  epsilon: number,
): number {
  const tensor = params.get(entry.name);
  if (!tensor || tensor.dtype !== "float32") {
    throw new Error(`finite-difference-check: no float32 parameter "${entry.name}"`);
  }
  if (!(Number.isInteger(entry.index) && entry.index >= 0 && entry.index < tensor.data.length)) {
    const entries = tensor.data.length;
    throw new Error(`finite-difference-check: index ${entry.index} is outside "${entry.name}" (${entries} entries)`);
  }
  const at = (delta: number): { value: number; loss: number } => {
    const data = Float32Array.from(tensor.data);
    data[entry.index] += delta;
    const moved = new Map(params).set(entry.name, floatTensor(tensor.shape, data));
    return { value: data[entry.index]!, loss: loss(moved) };
  };
  const [up, down] = [at(epsilon), at(-epsilon)];
  if (up.value === down.value) {
    const at = `"${entry.name}"[${entry.index}] = ${up.value}`;
    throw new Error(`finite-difference-check: epsilon ${epsilon} is below the float32 spacing of ${at}`);
  }
  return (up.loss - down.loss) / (up.value - down.value);
}

/** Check every tensor of the first source at its largest |gradient| entry, against a central difference. */
export function checkGradients<Source extends string>(
  options: GradientCheckOptions<Source>,
): GradientCheckRow<Source>[] {
  const epsilon = options.epsilon ?? 1e-2;
  if (!(epsilon > 0)) throw new Error(`finite-difference-check: epsilon must be positive, got ${epsilon}`);
  const sources = Object.keys(options.gradients) as Source[];
  if (sources.length === 0) throw new Error("finite-difference-check: no gradients to check");
  const chooser = options.gradients[sources[0]!];
  return [...chooser].map(([name, gradient]) => {
    const values = gradient.data;
    let index = 0;
    for (let k = 1; k < values.length; k++) if (Math.abs(values[k]!) > Math.abs(values[index]!)) index = k;
    const finiteDifference = centralDifference(options.loss, options.params, { name, index }, epsilon);
    const analytic = {} as Record<Source, number>;
    const error = {} as Record<Source, number>;
    for (const source of sources) {
      const other = options.gradients[source].get(name);
      if (!other) throw new Error(`finite-difference-check: the "${source}" gradients have no "${name}"`);
      analytic[source] = other.data[index]!;
      error[source] = relativeError(analytic[source], finiteDifference);
    }
    return { name, index, finiteDifference, analytic, error };
  });
}
