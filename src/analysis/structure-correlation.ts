/**
 * How a structured network's test accuracy goes with its graph's properties (thesis 6.3, tables 6.1–6.4):
 * Pearson r per property and variant with 95% intervals (Fisher z, and a percentile bootstrap over graphs),
 * and per-generator summaries (WS against BA) with Welch's test of the accuracy difference. Rows are grouped by
 * variant and generator with arquero (groupby, rollup); the statistics are `./statistics.ts`'s.
 */
import { from as fromRows, op } from "arquero";
import { SeededRandom } from "../random/seeded-random";
import { columnMatrix, type StructureRow } from "./results-csv";
import {
  NORMAL_975,
  pearson,
  quantileSorted,
  studentTCdf,
  studentTQuantile,
  summarize,
  type Summary,
} from "./statistics";
import { resolveFeatures, type FeatureSelection } from "./structure-features";

/** One property's correlation with the target over a set of graphs. */
export interface PropertyCorrelation {
  property: string;
  n: number;
  r: number;
  /** Fisher-z 95% interval of r (NaN when n <= 3 or r is NaN). */
  ci95: [number, number];
  /** Two-sided p-value of r = 0 (t test with n - 2 degrees of freedom). */
  pValue: number;
  /** Percentile-bootstrap 95% interval over graphs, when requested. */
  bootstrap95?: [number, number];
}

/** Options of {@link propertyCorrelations}. */
export interface CorrelationOptions {
  /** Properties (subset name or columns); default all 23. */
  features?: FeatureSelection;
  /** Target column; default test_acc. */
  target?: string;
  /** Bootstrap resamples for the percentile interval (0 = none, the default). */
  bootstrap?: number;
  /** Seed of the bootstrap. */
  seed?: number;
  /** Names the data in error messages. */
  source?: string;
}

/** Fisher-z 95% confidence interval of a correlation r from n pairs. */
export function fisherInterval(r: number, n: number): [number, number] {
  if (!Number.isFinite(r) || n <= 3) return [NaN, NaN];
  if (Math.abs(r) >= 1) return [r, r];
  const z = Math.atanh(r);
  const half = NORMAL_975 / Math.sqrt(n - 3);
  return [Math.tanh(z - half), Math.tanh(z + half)];
}

/** Two-sided p-value of the hypothesis r = 0 from n pairs (Student's t, n - 2 degrees of freedom). */
export function correlationPValue(r: number, n: number): number {
  if (!Number.isFinite(r) || n <= 2) return NaN;
  if (Math.abs(r) >= 1) return 0;
  const t = Math.abs(r) * Math.sqrt((n - 2) / (1 - r * r));
  return 2 * (1 - studentTCdf(t, n - 2));
}

/** Percentile-bootstrap 95% interval of Pearson r: resample graphs (pairs) with replacement. */
export function bootstrapCorrelationInterval(
  x: readonly number[],
  y: readonly number[],
  resamples: number,
  random: SeededRandom,
): [number, number] {
  if (x.length !== y.length) throw new Error(`bootstrap: series of lengths ${x.length} and ${y.length}`);
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new Error(`bootstrap resamples must be a positive integer, got ${resamples}`);
  const n = x.length;
  const bx = new Array<number>(n);
  const by = new Array<number>(n);
  const values: number[] = [];
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) {
      const k = random.int(0, n - 1);
      bx[i] = x[k]!;
      by[i] = y[k]!;
    }
    const r = pearson(bx, by);
    // A resample with a constant column has no correlation; it is left out rather than counted as 0.
    if (Number.isFinite(r)) values.push(r);
  }
  values.sort((a, b) => a - b);
  return [quantileSorted(values, 0.025), quantileSorted(values, 0.975)];
}

/** Pearson r of each property with the target over `rows`, with Fisher-z (and optionally bootstrap) 95% intervals. */
export function propertyCorrelations(
  rows: readonly StructureRow[],
  options: CorrelationOptions = {},
): PropertyCorrelation[] {
  const features = resolveFeatures(options.features ?? "all");
  const source = options.source ?? "results";
  const matrix = columnMatrix(rows, features, source);
  const target = columnMatrix(rows, [options.target ?? "test_acc"], source).map((r) => r[0]!);
  const root = new SeededRandom(options.seed ?? 0);
  return features.map((property, f) => {
    const x = matrix.map((row) => row[f]!);
    const r = pearson(x, target);
    const result: PropertyCorrelation = {
      property,
      n: rows.length,
      r,
      ci95: fisherInterval(r, rows.length),
      pValue: correlationPValue(r, rows.length),
    };
    if (options.bootstrap)
      result.bootstrap95 = bootstrapCorrelationInterval(x, target, options.bootstrap, root.fork(property));
    return result;
  });
}

/**
 * Pearson r of x and y within groups (a partial correlation given the group): both are centred on their group's mean
 * and correlated, with Fisher-z interval and t-test p on n − (g − 1) pairs (g groups used). Groups where x does not
 * vary carry no information about x and are left out; `n` is the pairs used.
 */
export function withinGroupCorrelation(
  property: string,
  x: readonly number[],
  y: readonly number[],
  groups: readonly (string | number)[],
): PropertyCorrelation {
  const members = new Map<string | number, number[]>();
  groups.forEach((group, i) => {
    const indices = members.get(group);
    if (indices) indices.push(i);
    else members.set(group, [i]);
  });
  const dx: number[] = [];
  const dy: number[] = [];
  let used = 0;
  for (const indices of members.values()) {
    const mean = (values: readonly number[]) => indices.reduce((sum, i) => sum + values[i]!, 0) / indices.length;
    const [mx, my] = [mean(x), mean(y)];
    if (indices.every((i) => x[i] === x[indices[0]!])) continue;
    used += 1;
    for (const i of indices) {
      dx.push(x[i]! - mx);
      dy.push(y[i]! - my);
    }
  }
  const r = dx.length >= 3 ? pearson(dx, dy) : NaN;
  const effective = dx.length - Math.max(0, used - 1);
  return { property, n: dx.length, r, ci95: fisherInterval(r, effective), pValue: correlationPValue(r, effective) };
}

/** The rows of each variant (the `mode` column) as arquero groups them: in order of first appearance. */
function rowsByVariant(rows: readonly StructureRow[]): [string, StructureRow[]][] {
  if (rows.length === 0) return [];
  const grouped = fromRows(rows as StructureRow[])
    .groupby("mode")
    .objects({ grouped: "entries" });
  return grouped as [string, StructureRow[]][];
}

/** Correlations per variant (the `mode` column), each over its graphs; throws when a variant has too few rows. */
export function correlationsByVariant(
  rows: readonly StructureRow[],
  options: CorrelationOptions = {},
): Map<string, PropertyCorrelation[]> {
  const result = new Map<string, PropertyCorrelation[]>();
  for (const [mode, subset] of rowsByVariant(rows)) {
    if (subset.length < 3) {
      const source = options.source ?? "results";
      throw new Error(`${source}: variant ${mode} has ${subset.length} graphs; a correlation needs at least 3`);
    }
    result.set(mode, propertyCorrelations(subset, { ...options, seed: (options.seed ?? 0) + result.size }));
  }
  return result;
}

/** One variant × generator group: its size, accuracy summary and the mean of each requested column. */
export interface GeneratorSummary {
  mode: string;
  generator: string;
  n: number;
  accuracy: Summary;
  means: Record<string, number>;
}

/** One variant × generator group as arquero rolls it up: the target's values and the columns' means. */
interface GeneratorGroup {
  mode: string;
  graph: string;
  values: number[];
  means: Record<string, number>;
}

/** Group rows by variant and generator (arquero: groupby, rollup), in order of first appearance; numbers checked. */
function generatorGroups(rows: readonly StructureRow[], columns: readonly string[], target: string): GeneratorGroup[] {
  if (rows.length === 0) return [];
  columnMatrix(rows, [target, ...columns]); // names a missing or non-numeric cell
  const means = Object.fromEntries(columns.map((c, i) => [`mean${i}`, op.mean(c)]));
  const rolled = fromRows(rows as StructureRow[])
    .groupby("mode", "graph")
    .rollup({ values: op.array_agg(target), ...means })
    .objects() as Record<string, unknown>[];
  return rolled.map((group) => ({
    mode: String(group.mode),
    graph: String(group.graph),
    values: group.values as number[],
    means: Object.fromEntries(columns.map((c, i) => [c, group[`mean${i}`] as number])),
  }));
}

/** Summaries per variant and generator (thesis 6.3: WS against BA), with the mean of each of `columns`. */
export function generatorSummaries(
  rows: readonly StructureRow[],
  columns: readonly string[] = ["nodes", "edges", "layers", "density"],
  target = "test_acc",
): GeneratorSummary[] {
  return generatorGroups(rows, columns, target).map((g) => ({
    mode: g.mode,
    generator: g.graph,
    n: g.values.length,
    accuracy: summarize(g.values),
    means: g.means,
  }));
}

/** Welch's two-sample t test of a mean difference. */
export interface WelchTest {
  difference: number;
  /** √(s_a²/n_a + s_b²/n_b): 0 when both groups are constant, NaN when one has fewer than two values. */
  standardError: number;
  t: number;
  df: number;
  pValue: number;
}

/** Welch's t test of mean(a) - mean(b) (unequal variances), two-sided. */
export function welchTest(a: readonly number[], b: readonly number[]): WelchTest {
  const sa = summarize(a);
  const sb = summarize(b);
  const difference = sa.mean - sb.mean;
  const va = sa.sd ** 2 / sa.n;
  const vb = sb.sd ** 2 / sb.n;
  const standardError = Math.sqrt(va + vb);
  if (!(va + vb > 0)) return { difference, standardError, t: NaN, df: NaN, pValue: NaN };
  const t = difference / standardError;
  const df = (va + vb) ** 2 / (va ** 2 / (sa.n - 1) + vb ** 2 / (sb.n - 1));
  return { difference, standardError, t, df, pValue: 2 * (1 - studentTCdf(Math.abs(t), df)) };
}

/** The two-sided 95% interval of a Welch test's difference (NaN without a finite df: no spread, or a lone value). */
export function welchInterval(test: WelchTest): [number, number] {
  if (!Number.isFinite(test.df)) return [NaN, NaN];
  const half = studentTQuantile(0.975, test.df) * test.standardError;
  return [test.difference - half, test.difference + half];
}

/** One variant's accuracy, split by generator: each group's summary and Welch's test of `first` − `second`. */
export interface GeneratorComparison {
  mode: string;
  /** Mean accuracy over all the variant's graphs. */
  mean: number;
  first: GeneratorSummary;
  second: GeneratorSummary;
  test: WelchTest;
}

/** Options of {@link compareGenerators}. */
export interface GeneratorComparisonOptions {
  /** The generators compared, first − second (default watts_strogatz − barabasi_albert, the thesis's WS against BA). */
  first?: string;
  second?: string;
  /** Target column; default test_acc. */
  target?: string;
}

/**
 * WS against BA (thesis figures 6.29–6.32) per variant: both groups' accuracy summaries and Welch's test. A variant
 * without graphs of both generators (an incomplete sweep) is left out.
 */
export function compareGenerators(
  rows: readonly StructureRow[],
  options: GeneratorComparisonOptions = {},
): GeneratorComparison[] {
  const first = options.first ?? "watts_strogatz";
  const second = options.second ?? "barabasi_albert";
  const target = options.target ?? "test_acc";
  const groups = generatorGroups(rows, [], target);
  const variants = [...new Set(groups.map((g) => g.mode))];
  return variants.flatMap((mode) => {
    const a = groups.find((g) => g.mode === mode && g.graph === first);
    const b = groups.find((g) => g.mode === mode && g.graph === second);
    if (!a || !b) return [];
    const all = groups.filter((g) => g.mode === mode).flatMap((g) => g.values);
    const summary = (g: GeneratorGroup): GeneratorSummary => ({
      mode,
      generator: g.graph,
      n: g.values.length,
      accuracy: summarize(g.values),
      means: {},
    });
    const mean = all.reduce((sum, v) => sum + v, 0) / all.length;
    return [{ mode, mean, first: summary(a), second: summary(b), test: welchTest(a.values, b.values) }];
  });
}

/** The variants where the first generator is significantly ahead, and where the second is (Welch p < alpha = 0.05). */
export function significantlyAhead(
  comparisons: readonly GeneratorComparison[],
  options: { alpha?: number } = {},
): { first: string[]; second: string[] } {
  const alpha = options.alpha ?? 0.05;
  const ahead = (sign: number) =>
    comparisons.filter((c) => Math.sign(c.test.difference) === sign && c.test.pValue < alpha).map((c) => c.mode);
  return { first: ahead(1), second: ahead(-1) };
}

/** The `count` properties (default 4) with the largest mean |r| over the variants (a NaN r counts as 0). */
export function strongestProperties(
  byVariant: ReadonlyMap<string, readonly PropertyCorrelation[]>,
  options: { count?: number } = {},
): string[] {
  const lists = [...byVariant.values()];
  const properties = lists[0]?.map((c) => c.property) ?? [];
  const size = (list: readonly PropertyCorrelation[], property: string) =>
    Math.abs(list.find((c) => c.property === property)?.r ?? 0) || 0;
  const strength = (property: string) => lists.reduce((sum, list) => sum + size(list, property), 0) / lists.length;
  const ranked = properties.map((p) => ({ p, s: strength(p) })).sort((a, b) => b.s - a.s);
  return ranked.slice(0, options.count ?? 4).map((x) => x.p);
}

/** What one variant's correlations say, set against the thesis's table (the basis of research question 4's answer). */
export interface CorrelationFindings {
  mode: string;
  graphs: number;
  strongestPositive: PropertyCorrelation | undefined;
  strongestNegative: PropertyCorrelation | undefined;
  /** Properties whose 95% interval excludes 0. */
  significant: number;
  total: number;
  /**
   * Of the properties the thesis lists: how many have our r with the thesis's sign, and the thesis's r inside our
   * interval.
   */
  thesisCompared: number;
  sameSign: number;
  thesisInsideInterval: number;
}

/** Summarise each variant's correlations against the thesis's values (`thesis[mode][property]`). */
export function correlationFindings(
  byVariant: ReadonlyMap<string, readonly PropertyCorrelation[]>,
  thesis: Readonly<Record<string, Readonly<Record<string, number>>>>,
): CorrelationFindings[] {
  return [...byVariant.entries()].map(([mode, correlations]) => {
    const finite = correlations.filter((c) => Number.isFinite(c.r));
    const byR = [...finite].sort((a, b) => b.r - a.r);
    const compared = finite.filter((c) => thesis[mode]?.[c.property] !== undefined);
    const thesisR = (c: PropertyCorrelation) => thesis[mode]![c.property]!;
    return {
      mode,
      graphs: correlations[0]?.n ?? 0,
      strongestPositive: byR[0] && byR[0].r > 0 ? byR[0] : undefined,
      strongestNegative: byR.at(-1) && byR.at(-1)!.r < 0 ? byR.at(-1) : undefined,
      significant: finite.filter((c) => c.ci95[0] > 0 || c.ci95[1] < 0).length,
      total: correlations.length,
      thesisCompared: compared.length,
      sameSign: compared.filter((c) => Math.sign(c.r) === Math.sign(thesisR(c))).length,
      thesisInsideInterval: compared.filter((c) => c.ci95[0] <= thesisR(c) && thesisR(c) <= c.ci95[1]).length,
    };
  });
}

/** One plain-English sentence per variant from {@link correlationFindings} (numbers rounded to two decimals). */
export function describeCorrelationFindings(findings: readonly CorrelationFindings[]): string[] {
  const fmt = (c: PropertyCorrelation) =>
    `${c.property} (r = ${c.r.toFixed(2)}, 95% CI ${c.ci95[0].toFixed(2)} to ${c.ci95[1].toFixed(2)})`;
  return findings.map((f) => {
    const extremes = [
      f.strongestPositive ? `strongest positive: ${fmt(f.strongestPositive)}` : "no positive correlation",
      f.strongestNegative ? `strongest negative: ${fmt(f.strongestNegative)}` : "no negative correlation",
    ].join("; ");
    return (
      `${f.mode} (${f.graphs} graphs): ${extremes}. ` +
      `Intervals that exclude 0: ${f.significant} of ${f.total} properties. ` +
      `Of the ${f.thesisCompared} properties in the thesis's table: ${f.sameSign} with the thesis's sign, ` +
      `${f.thesisInsideInterval} with the thesis's value inside our interval.`
    );
  });
}
