/**
 * Runs the toy experiment as its own process, so tests can SIGKILL or SIGINT a real runner:
 * `node toy-experiment.js <outDir> <jobCount> <sleepMs> [pidDir]`.
 */
import { runExperiment } from "../../../src/experiments/runner";
import { TOY_HANDLER, toyJobs } from "./toy-handler";

async function main(): Promise<void> {
  const [outDir, count, sleepMs, pidDir] = process.argv.slice(2);
  const summary = await runExperiment({
    outDir: outDir!,
    manifest: { experiment: "toy", count: Number(count) },
    jobs: toyJobs(Number(count), { sleepMs: Number(sleepMs), ...(pidDir ? { pidDir } : {}) }),
    handler: TOY_HANDLER,
    seed: 42,
    workers: 2,
    progress: "lines",
    progressIntervalMs: 100,
  });
  process.stdout.write(JSON.stringify(summary) + "\n");
  if (summary.interrupted) process.exitCode = 130;
}

main().catch((error: Error) => {
  process.stderr.write(`toy-experiment: ${error.message}\n`);
  process.exitCode = 1;
});
