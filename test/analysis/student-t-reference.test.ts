/**
 * The lab's Student-t distribution and Welch test against scipy's (fixtures/student-t.json, made by
 * fixtures/make-student-t.py with Debian's scipy): the CDF, the quantile and the test's t, df and p-value.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../src/data/dataset-files";
import { studentTCdf, studentTQuantile } from "../../src/analysis/statistics";
import { welchTest } from "../../src/analysis/structure-correlation";

interface Reference {
  scipy: string;
  cdf: { t: number; df: number; cdf: number }[];
  quantile: { p: number; df: number; quantile: number }[];
  welch: { a: number[]; b: number[]; t: number; df: number; p: number }[];
}

const reference = JSON.parse(
  readFileSync(join(packageRoot(), "test", "analysis", "fixtures", "student-t.json"), "utf8"),
) as Reference;

/** |ours − scipy| relative to scipy's value, or absolute below `floor`. */
const gap = (ours: number, theirs: number, floor = 1e-300) =>
  Math.abs(ours - theirs) / Math.max(Math.abs(theirs), floor);

/**
 * 1, or 1000 past 1000 degrees of freedom: there ln Γ differences of numbers near df/2 · ln(df/2) (5e5 at df = 1e5)
 * leave about 1e-10 of relative noise. Intervals and tests in the lab use df ≤ 200.
 */
const largeDf = (df: number) => (df > 1000 ? 1000 : 1);

test("the t CDF matches scipy's: the lower tail to 1e-11 relative, the upper half to 1e-13 absolute", () => {
  assert.ok(reference.cdf.length > 500, `${reference.cdf.length} CDF cases`);
  for (const { t, df, cdf } of reference.cdf) {
    // Below 0 the CDF is a tail whose every digit counts; above, 1 − 1e-12 rounds as a double does.
    const ours = studentTCdf(t, df);
    const scale = largeDf(df);
    const close = t < 0 ? gap(ours, cdf) < 1e-11 * scale : Math.abs(ours - cdf) < 1e-13 * scale;
    assert.ok(close, `t=${t} df=${df}: ${ours}, scipy ${cdf}`);
  }
});

test("the t quantile matches scipy's ppf to 1e-8 relative and inverts our CDF to 1e-12, far tails included", () => {
  assert.ok(reference.quantile.length > 200, `${reference.quantile.length} quantile cases`);
  for (const { p, df, quantile } of reference.quantile) {
    const ours = studentTQuantile(p, df);
    // scipy 1.10's t.ppf is itself good to about 5e-9 here (its cdf of its ppf(0.05, 30) is 0.04999999926).
    assert.ok(gap(ours, quantile, 1e-5) < 1e-8, `p=${p} df=${df}: ${ours}, scipy ${quantile}`);
    const tail = p < 0.5 ? [studentTCdf(ours, df), p] : [studentTCdf(-ours, df), 1 - p];
    assert.ok(
      gap(tail[0]!, tail[1]!) < 1e-12 * largeDf(df) || p === 0.5,
      `p=${p} df=${df}: our CDF of our quantile is ${tail[0]}`,
    );
  }
});

test("Welch's test gives scipy's ttest_ind(equal_var=False) t, degrees of freedom and p-value", () => {
  for (const { a, b, t, df, p } of reference.welch) {
    const ours = welchTest(a, b);
    assert.ok(gap(ours.t, t) < 1e-10, `t ${ours.t}, scipy ${t}`);
    assert.ok(gap(ours.df, df) < 1e-10, `df ${ours.df}, scipy ${df}`);
    assert.ok(gap(ours.pValue, p) < 1e-9, `p ${ours.pValue}, scipy ${p}`);
  }
});
