/** Hand-made per-epoch records of a pruning study, for the tests of the analysis, tables and figures built on them. */
import type { ReplicatedRecord } from "../../src/pruning/replicated-records";

/** One record: a run (`mode`, e.g. "gru_prune_h2h"), its p, epoch and test accuracy, and the base model's seed. */
export const recordRow = (
  mode: string,
  prune: number,
  epoch: number,
  test_acc: number,
  replicate = 0,
): ReplicatedRecord => ({
  mode,
  prune,
  epoch,
  train_loss: 1,
  train_acc: test_acc,
  test_loss: 1,
  test_acc,
  time: 0.1,
  replicate,
});
