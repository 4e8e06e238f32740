/**
 * sparse-rnn-lab, the library: one namespace per stage of the study's pipeline,
 * data → cells/models → training → pruning / graphs → analysis → plots, plus the experiments that run them.
 * Notebooks may also import a module directly from dist/<area>/<module>.
 */
export * as random from "./random/seeded-random";
export * as data from "./data";
export * as backend from "./backend";
export * as cells from "./cells";
export * as models from "./models";
export * as weights from "./weights";
export * as engine from "./engine";
export * as training from "./training";
export * as pruning from "./pruning";
export * as graphs from "./graphs";
export * as analysis from "./analysis";
export * as experiments from "./experiments";
export * as plots from "./plots";
export * as notebook from "./notebook";
