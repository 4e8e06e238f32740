import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "../support/reference";

const script = join(projectRoot, "scripts", "setup-environment.mjs");

test("setup --check reports readiness or names each problem, and changes nothing", () => {
  const r = spawnSync(process.execPath, [script, "--check"], { encoding: "utf8" });
  if (r.status === 0) assert.match(r.stdout, /setup: ready \(python .+, tslab kernel, chromium .+\)/);
  else assert.match(r.stdout, /setup: PROBLEM: .+/);
  assert.doesNotMatch(r.stdout, /installing|registering/, "--check never installs");
});

test("setup rejects an unknown option with a message", () => {
  const r = spawnSync(process.execPath, [script, "--frobnicate"], { encoding: "utf8" });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown option --frobnicate \(expected --check, --quiet\)/);
});
