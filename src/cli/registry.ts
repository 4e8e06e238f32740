/** One line per command group; each group lives in its own module under src/cli/. */
import type { Command } from "commander";
import { registerDatasetCommands } from "./dataset";
import { registerTrainingCommands } from "./train";
import { registerPruningCommands } from "./prune";
import { registerGraphCommands } from "./graph";
import { registerPredictCommands } from "./predict";
import { registerExperimentCommands } from "./experiment";
import { registerBenchCommands } from "./bench";
import { registerReproduceCommands } from "./reproduce";
import { registerResultsCommands } from "./results";
import { registerBookCommands } from "./book";
import { registerFiguresCommands } from "./figures";

/** Attach every command group to the program, in the study's pipeline order. */
export function registerCommands(program: Command): void {
  registerDatasetCommands(program);
  registerTrainingCommands(program);
  registerPruningCommands(program);
  registerGraphCommands(program);
  registerPredictCommands(program);
  registerExperimentCommands(program);
  registerBenchCommands(program);
  registerReproduceCommands(program);
  registerResultsCommands(program);
  registerFiguresCommands(program);
  registerBookCommands(program);
}
