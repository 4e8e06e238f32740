/**
 * Quick mode: SPARSE_RNN_QUICK=1 makes notebooks shrink their work (for tests and CI); unset or 0 runs
 * them at full scale. The same notebook runs both ways without edits by asking `scale({quick, full})`.
 */

/** The environment variable that turns quick mode on. */
export const QUICK_MODE_VARIABLE = "SPARSE_RNN_QUICK";

const TRUE_WORDS = new Set(["1", "true", "yes", "on"]);
const FALSE_WORDS = new Set(["", "0", "false", "no", "off"]);

/** Whether quick mode is on (throws on a value that is neither a yes nor a no, naming the variable). */
export function isQuickMode(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env[QUICK_MODE_VARIABLE];
  if (raw === undefined) return false;
  const value = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(value)) return true;
  if (FALSE_WORDS.has(value)) return false;
  throw new Error(
    `${QUICK_MODE_VARIABLE}="${raw}" is not understood: ` +
      "use 1/true/yes/on for quick mode or 0/false/no/off (or unset) for full scale",
  );
}

/** The quick value in quick mode, the full value otherwise. */
export function scale<T>(values: { quick: T; full: T }, env: NodeJS.ProcessEnv = process.env): T {
  return isQuickMode(env) ? values.quick : values.full;
}
