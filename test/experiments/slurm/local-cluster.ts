/**
 * A single-node Slurm cluster on localhost for tests, in a temp folder: a munge key and munged on a private socket,
 * a generated slurm.conf (this host's short name, its CPUs and memory, free ports, state and spool folders there),
 * slurmctld and slurmd in the foreground as children of the test process (niced), and a stop that cancels every job
 * and ends the daemons, always. After Slurm's quick-start admin guide
 * (https://slurm.schedmd.com/quickstart_admin.html).
 * Needs root and Debian's `slurm-wlm` and `munge` packages; `startLocalCluster` says why it cannot start otherwise.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, hostname, tmpdir, totalmem } from "node:os";
import { join } from "node:path";

/** A running local cluster. */
export interface LocalCluster {
  readonly dir: string;
  /** Environment for Slurm commands (SLURM_CONF). */
  readonly env: NodeJS.ProcessEnv;
  readonly cpus: number;
  /** Run a Slurm client command against this cluster; its stdout. */
  run(command: string, args: readonly string[]): string;
  /** The last lines of the daemons' logs (for failure messages). */
  logs(): string;
  /** Cancel all jobs, then stop slurmd, slurmctld and munged (idempotent). */
  stop(): Promise<void>;
}

const BINARIES = ["munged", "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "sinfo"];

/** Why a local cluster cannot be started here, or null when it can be tried. */
export function clusterUnavailable(): string | null {
  if (typeof process.getuid !== "function" || process.getuid() !== 0)
    return "needs root (slurmd launches jobs as their user)";
  const missing = BINARIES.filter(
    (name) => spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status !== 0,
  );
  const install = "Debian: apt-get install -y slurm-wlm munge; node scripts/setup-environment.mjs does it as root";
  if (missing.length > 0) return `${missing.join(", ")} not found (${install})`;
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function tail(path: string, lines = 15): string {
  return existsSync(path) ? readFileSync(path, "utf8").trimEnd().split("\n").slice(-lines).join("\n") : `(no ${path})`;
}

/** Start munged, slurmctld and slurmd; resolves once the node is idle, rejects (after stopping them) otherwise. */
export async function startLocalCluster(): Promise<LocalCluster> {
  const dir = mkdtempSync(join(tmpdir(), "slurm-cluster-"));
  for (const sub of ["munge", "state", "spool", "log"]) mkdirSync(join(dir, sub));
  chmodSync(join(dir, "munge"), 0o700);
  chmodSync(dir, 0o755); // munged wants its socket's folders searchable by all
  const key = join(dir, "munge", "munge.key");
  writeFileSync(key, randomBytes(1024), { mode: 0o400 });
  const socket = join(dir, "munge", "munge.socket");
  const node = hostname().split(".")[0]!;
  const cpus = availableParallelism();
  const memoryMb = Math.floor((totalmem() / 2 ** 20) * 0.5);
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  const conf = join(dir, "slurm.conf");
  writeFileSync(join(dir, "plugstack.conf"), "");
  writeFileSync(
    conf,
    [
      `ClusterName=sparsernntest`,
      `SlurmctldHost=${node}(127.0.0.1)`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      `AuthType=auth/munge`,
      `AuthInfo=socket=${socket}`,
      `CredType=cred/munge`,
      `SlurmUser=root`,
      `SlurmdUser=root`,
      `StateSaveLocation=${join(dir, "state")}`,
      `SlurmdSpoolDir=${join(dir, "spool")}`,
      `SlurmctldPidFile=${join(dir, "state", "slurmctld.pid")}`,
      `SlurmdPidFile=${join(dir, "spool", "slurmd.pid")}`,
      `SlurmctldLogFile=${join(dir, "log", "slurmctld.log")}`,
      `SlurmdLogFile=${join(dir, "log", "slurmd.log")}`,
      `PlugStackConfig=${join(dir, "plugstack.conf")}`,
      `MailProg=/bin/true`,
      `ProctrackType=proctrack/linuxproc`,
      `TaskPlugin=task/none`,
      `MpiDefault=none`,
      `JobAcctGatherType=jobacct_gather/none`,
      `AccountingStorageType=accounting_storage/none`,
      `JobCompType=jobcomp/none`,
      `SchedulerType=sched/builtin`,
      `SelectType=select/cons_tres`,
      `SelectTypeParameters=CR_CPU`,
      `ReturnToService=2`,
      `KillWait=5`,
      `MinJobAge=600`,
      `NodeName=${node} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${memoryMb} State=UNKNOWN`,
      `PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP`,
      "",
    ].join("\n"),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const children: ChildProcess[] = [];
  const daemon = (name: string, args: string[]): ChildProcess => {
    const child = spawn("nice", ["-n", "10", name, ...args], { env, stdio: ["ignore", "ignore", "ignore"] });
    child.on("error", () => undefined);
    children.push(child);
    return child;
  };
  const run = (command: string, args: readonly string[]): string =>
    execFileSync(command, args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 20_000 });
  const logs = (): string =>
    ["munged.log", "slurmctld.log", "slurmd.log"]
      .map((name) => `--- ${name}\n${tail(join(dir, "log", name))}`)
      .join("\n");
  let stopped = false;
  const killAll = (): void => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  // Even if the test process dies before stop(), the daemons do not outlive it.
  process.once("exit", killAll);
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      run("scancel", ["--user=root"]);
      for (let i = 0; i < 40 && run("squeue", ["--noheader"]).trim() !== ""; i++) await sleep(250);
    } catch {
      // The controller may be the part that failed; the daemons are stopped below anyway.
    }
    for (const child of [...children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    process.off("exit", killAll);
  };
  const munged = [
    "-F",
    "--force",
    `--key-file=${key}`,
    `--socket=${socket}`,
    `--pid-file=${join(dir, "munge", "munged.pid")}`,
  ];
  daemon("munged", [
    ...munged,
    `--log-file=${join(dir, "log", "munged.log")}`,
    `--seed-file=${join(dir, "munge", "munged.seed")}`,
  ]);
  for (let i = 0; i < 40 && !existsSync(socket); i++) await sleep(50);
  daemon("slurmctld", ["-D", "-i", "-f", conf]);
  daemon("slurmd", ["-D", "-f", conf]);
  for (let i = 0; i < 80; i++) {
    if (children.some((child) => child.exitCode !== null)) break;
    try {
      if (/^(idle|mixed)/.test(run("sinfo", ["--noheader", "--format=%T"]).trim())) {
        return { dir, env, cpus, run, logs, stop };
      }
    } catch {
      // The controller is not listening yet.
    }
    await sleep(250);
  }
  const why = logs();
  await stop();
  throw new Error(`the local Slurm cluster did not come up within 20 s:\n${why}`);
}
