/**
 * Chooses the TensorFlow.js backend once per process: the native `@tensorflow/tfjs-node` when the user has
 * installed it, otherwise the bundled WebAssembly backend (loaded from the installed package, so it works offline
 * in Node and in tslab), otherwise tfjs's pure-JavaScript cpu backend.
 */
import * as tf from "@tensorflow/tfjs";
import { dirname, join } from "node:path";

/** The backends `initTensorflow` can end up with. */
export type TensorflowBackendName = "tensorflow" | "wasm" | "cpu";

/** What `initTensorflow` selected, and why when it had to fall back. */
export interface TensorflowBackendChoice {
  readonly name: TensorflowBackendName;
  /** Why a faster backend was not used (empty when the first choice worked). */
  readonly notes: readonly string[];
}

/** Options for `initTensorflow`. */
export interface InitTensorflowOptions {
  /** Force a backend instead of choosing the fastest available one. */
  readonly prefer?: TensorflowBackendName;
  /** Where fallback messages go (default: console.warn; pass () => {} to silence). */
  readonly log?: (message: string) => void;
}

let selection: Promise<TensorflowBackendChoice> | null = null;
let selected: TensorflowBackendChoice | null = null;

/**
 * Select and initialise the backend; later calls return the first call's choice and ignore their options (idempotent).
 */
export function initTensorflow(options: InitTensorflowOptions = {}): Promise<TensorflowBackendChoice> {
  selection ??= choose(options).then((choice) => (selected = choice));
  return selection;
}

/** The backend chosen by `initTensorflow`, or null before it has finished. */
export function tensorflowBackend(): TensorflowBackendChoice | null {
  return selected;
}

async function choose(options: InitTensorflowOptions): Promise<TensorflowBackendChoice> {
  const log = options.log ?? ((message: string) => console.warn(message));
  const order: TensorflowBackendName[] = options.prefer ? [options.prefer] : ["tensorflow", "wasm"];
  const notes: string[] = [];
  for (const name of order) {
    try {
      if (await activate(name)) return { name, notes };
      notes.push(
        `${name} backend unavailable: ` +
          `${name === "tensorflow" ? "@tensorflow/tfjs-node is not installed" : "setBackend failed"}`,
      );
    } catch (error) {
      notes.push(`${name} backend failed: ${(error as Error).message}`);
    }
  }
  await tf.setBackend("cpu");
  await tf.ready();
  if (notes.length > 0 && options.prefer !== "cpu")
    log(`sparse-rnn: using the slower tfjs cpu backend (${notes.join("; ")})`);
  return { name: "cpu", notes };
}

/** Register and switch to one backend; false when its package is not installed. */
async function activate(name: TensorflowBackendName): Promise<boolean> {
  if (name === "cpu") {
    await tf.setBackend("cpu");
  } else if (name === "tensorflow") {
    // tfjs-node is optional: a user opts in by installing it (its install downloads libtensorflow).
    if (!isInstalled("@tensorflow/tfjs-node")) return false;
    require("@tensorflow/tfjs-node");
    if (!(await tf.setBackend("tensorflow"))) return false;
  } else {
    const wasm = require("@tensorflow/tfjs-backend-wasm") as typeof import("@tensorflow/tfjs-backend-wasm");
    // The binaries ship in the package's dist folder; pointing there avoids any download.
    const dist = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
    wasm.setWasmPaths(join(dist, "/"));
    if (!(await tf.setBackend("wasm"))) return false;
  }
  await tf.ready();
  return tf.getBackend() === name;
}

function isInstalled(moduleName: string): boolean {
  try {
    require.resolve(moduleName);
    return true;
  } catch {
    return false;
  }
}
