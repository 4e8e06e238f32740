/**
 * Did the thesis's gate wiring matter? The structure sweep's networks with the thesis's layout (each vertex's mask row
 * repeated per gate, PyTorch `repeat_interleave`) against the same networks with the graph-faithful layout (the graph's
 * mask in every gate block): same graphs, initialisation and shuffling, so each pair differs only in the wiring. The
 * difference is paired per network, with Student's t interval; and the correlations with the graph properties (the
 * thesis's tables 6.1–6.4) are recomputed on the same graphs under each layout, to see whether the conclusions move.
 */
import type { StructureRow } from "./results-csv";
import { studentTCdf, summarize, type Summary } from "./statistics";
import { propertyCorrelations, type PropertyCorrelation } from "./structure-correlation";

/** Faithful − thesis accuracy of one variant (and one generator, or all), paired by network. */
export interface LayoutComparison {
  readonly mode: string;
  /** A generator of the sweep, or "all". */
  readonly generator: string;
  readonly pairs: number;
  readonly thesis: Summary;
  readonly faithful: Summary;
  /** Per-network differences faithful − thesis: mean, s.d. and 95% t interval. */
  readonly difference: Summary;
  /** Two-sided paired t-test p of a zero mean difference (NaN with fewer than two pairs). */
  readonly pValue: number;
}

/** A network's key: variant, generator and graph number. */
function networkKey(row: StructureRow): string {
  return `${row.mode}\u0000${row.graph}\u0000${row.graph_nr}`;
}

/** The thesis-layout rows that have a faithful twin, each beside it (throws on a faithful row without one). */
export function pairLayoutRows(
  thesisRows: readonly StructureRow[],
  faithfulRows: readonly StructureRow[],
): { thesis: StructureRow; faithful: StructureRow }[] {
  const byKey = new Map(thesisRows.map((row) => [networkKey(row), row]));
  return faithfulRows.map((faithful) => {
    const thesis = byKey.get(networkKey(faithful));
    if (!thesis)
      throw new Error(
        `faithful-layout network ${faithful.mode} ${faithful.graph} #${faithful.graph_nr} has no thesis-layout twin ` +
          "in the structure sweep's rows",
      );
    if (thesis.edges !== faithful.edges || thesis.nodes !== faithful.nodes)
      throw new Error(
        `faithful-layout network ${faithful.mode} ${faithful.graph} #${faithful.graph_nr} has another graph than its ` +
          `twin (${faithful.nodes} nodes, ${faithful.edges} edges against ${thesis.nodes}, ${thesis.edges})`,
      );
    return { thesis, faithful };
  });
}

/** Paired t-test p (two-sided) of a mean difference. */
function pairedPValue(difference: Summary): number {
  if (difference.n < 2) return NaN;
  if (difference.sd === 0) return difference.mean === 0 ? 1 : 0;
  const t = difference.mean / (difference.sd / Math.sqrt(difference.n));
  return 2 * (1 - studentTCdf(Math.abs(t), difference.n - 1));
}

/** Per variant, then per variant and generator: faithful − thesis accuracy, paired by network. */
export function compareGateLayouts(
  thesisRows: readonly StructureRow[],
  faithfulRows: readonly StructureRow[],
  target = "test_acc",
): LayoutComparison[] {
  const pairs = pairLayoutRows(thesisRows, faithfulRows);
  const modes = [...new Set(pairs.map((p) => String(p.faithful.mode)))];
  const generators = [...new Set(pairs.map((p) => String(p.faithful.graph)))];
  const groups = modes.flatMap((mode) => [
    { mode, generator: "all" },
    ...generators.map((generator) => ({ mode, generator })),
  ]);
  return groups.flatMap(({ mode, generator }) => {
    const members = pairs.filter(
      (p) => p.faithful.mode === mode && (generator === "all" || p.faithful.graph === generator),
    );
    if (members.length === 0) return [];
    const thesis = members.map((p) => Number(p.thesis[target]));
    const faithful = members.map((p) => Number(p.faithful[target]));
    const difference = summarize(faithful.map((value, i) => value - thesis[i]!));
    return [
      {
        mode,
        generator,
        pairs: members.length,
        thesis: summarize(thesis),
        faithful: summarize(faithful),
        difference,
        pValue: pairedPValue(difference),
      },
    ];
  });
}

/** |r|, or −1 when r is undefined (a constant property), for ordering by strength. */
export function strength(correlation: PropertyCorrelation): number {
  return Number.isFinite(correlation.r) ? Math.abs(correlation.r) : -1;
}

/** One property's correlation with accuracy on the same graphs under each layout. */
export interface LayoutCorrelation {
  readonly mode: string;
  readonly property: string;
  readonly thesis: PropertyCorrelation;
  readonly faithful: PropertyCorrelation;
}

/**
 * Per variant, the correlation of accuracy with each property on the paired graphs under both layouts, strongest
 * (by the thesis layout's |r|) first: do the thesis's strongest properties stay the strongest?
 */
export function layoutCorrelations(
  thesisRows: readonly StructureRow[],
  faithfulRows: readonly StructureRow[],
  properties: readonly string[],
): LayoutCorrelation[] {
  const pairs = pairLayoutRows(thesisRows, faithfulRows);
  const modes = [...new Set(pairs.map((p) => String(p.faithful.mode)))];
  return modes.flatMap((mode) => {
    const members = pairs.filter((p) => p.faithful.mode === mode);
    const options = { features: [...properties], source: mode };
    const thesis = propertyCorrelations(
      members.map((p) => p.thesis),
      options,
    );
    const faithful = propertyCorrelations(
      members.map((p) => p.faithful),
      options,
    );
    return (
      thesis
        .map((t, i) => ({ mode, property: t.property, thesis: t, faithful: faithful[i]! }))
        // A property constant over these graphs has no r (NaN): last.
        .sort((a, b) => strength(b.thesis) - strength(a.thesis) || a.property.localeCompare(b.property))
    );
  });
}
