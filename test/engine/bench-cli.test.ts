/** `sparse-rnn bench` reports a step time per variant and names its backend. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildProgram } from "../../src/cli/main";
import { summariseTimings } from "../../src/engine/timing";
import { nativeKernelsMissing, relaxedSimdAvailable } from "../../src/engine/wasm-kernels";

test("summariseTimings gives the median and the interquartile range", () => {
  assert.deepEqual(summariseTimings([5, 1, 3, 2, 4]), { medianMs: 3, iqrMs: 2, repeats: 5 });
});

/** Run `sparse-rnn bench <args>` in this process and parse what it prints (its --json report). */
async function benchJson(...args: string[]): Promise<unknown> {
  let printed = "";
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => ((printed += chunk), true)) as typeof process.stdout.write;
  try {
    await buildProgram().parseAsync(["node", "sparse-rnn", "bench", ...args]);
  } finally {
    process.stdout.write = write;
  }
  return JSON.parse(printed);
}

test(
  "bench --kernels times the base model on each kernel build, side by side per variant",
  { skip: nativeKernelsMissing() || (!relaxedSimdAvailable() && "no relaxed SIMD") },
  async () => {
    const result = (await benchJson(
      ...["--json", "--no-epoch", "--repeats", "2", "--modes", "rnn_tanh,gru", "--kernels", "native,fma"],
    )) as { backend: string; variants: { mode: string; kernels: string; stepMedianMs: number }[] };
    assert.match(result.backend, /^native x86-64 AVX(2|-512) .*; wasm-simd \+ relaxed-simd FMA/);
    assert.deepEqual(
      result.variants.map((v) => `${v.mode} ${v.kernels}`),
      ["RNN_TANH native", "RNN_TANH fma", "GRU native", "GRU fma"],
    );
    for (const v of result.variants) assert.ok(v.stepMedianMs > 0);
    await assert.rejects(
      buildProgram().parseAsync(["node", "sparse-rnn", "bench", "--kernels", "fma,avx"]),
      /--kernels must be native, fma, simd, got "avx"/,
    );
  },
);

test("bench --json times the chosen variants", async () => {
  const result = (await benchJson("--json", "--no-epoch", "--repeats", "2", "--modes", "gru,rnn_relu")) as {
    backend: string;
    variants: { mode: string; stepMedianMs: number; epochSeconds: number | null }[];
  };
  assert.match(
    result.backend,
    /^(native x86-64 AVX(2|-512) \(\d+ lanes\) \+ )?wasm-simd( \+ relaxed-simd)? FMA|^wasm-simd/,
  );
  assert.match(result.backend, /, 1 thread/);
  assert.deepEqual(
    result.variants.map((v) => v.mode),
    ["GRU", "RNN_RELU"],
  );
  for (const v of result.variants) assert.ok(v.stepMedianMs > 0 && v.epochSeconds === null);
  await assert.rejects(
    buildProgram().parseAsync(["node", "sparse-rnn", "bench", "--threads", "3"]),
    /--threads: "3" is not 1 or 2/,
  );
});

test(
  "bench --sparse --json times the pruned base model on dense, " + "sparse and default kernels per percentage",
  async () => {
    const result = (await benchJson(
      "--sparse",
      "--json",
      "--repeats",
      "1",
      "--modes",
      "rnn_relu",
      "--kind",
      "h2h",
    )) as {
      variants: {
        mode: string;
        kind: string;
        timings: { percent: number; denseMs: number; sparseMs: number; defaultMs: number }[];
      }[];
    };
    assert.equal(result.variants[0]!.mode, "RNN_RELU");
    assert.equal(result.variants[0]!.kind, "h2h");
    assert.deepEqual(
      result.variants[0]!.timings.map((t) => t.percent),
      [0, 20, 40, 50, 60, 70, 80, 90, 100],
    );
    for (const t of result.variants[0]!.timings) assert.ok(t.denseMs > 0 && t.sparseMs > 0 && t.defaultMs > 0);
  },
);
