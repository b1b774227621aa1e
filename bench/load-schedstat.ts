import { readFile } from "node:fs/promises";

/** How long a thread ran, and how long it was ready to run but waited for a CPU. */
export interface ThreadSchedule {
  runSeconds: number;
  waitSeconds: number;
}

/**
 * The scheduler's account of a process's main thread (`/proc/<pid>/schedstat`: nanoseconds on a
 * CPU, nanoseconds waiting on a run queue), or undefined where there is no `/proc`. The wait is
 * the time other processes had the CPUs: on a shared machine it tells how much of the wall time
 * was not the engine's to use.
 *
 * @example
 * const before = await threadSchedule(child.pid);
 */
export async function threadSchedule(pid: number | "self"): Promise<ThreadSchedule | undefined> {
  const text = await readFile(`/proc/${pid}/schedstat`, "utf8").catch(() => "");
  const [run, wait] = text.split(" ").map(Number);
  if (run === undefined || wait === undefined || !Number.isFinite(run + wait)) return undefined;
  return { runSeconds: run / 1e9, waitSeconds: wait / 1e9 };
}

/**
 * The seconds a thread waited for a CPU between two readings, or undefined if either is missing.
 *
 * @example
 * waitedBetween(before, await threadSchedule(child.pid)); // 4.2
 */
export function waitedBetween(
  before: ThreadSchedule | undefined,
  after: ThreadSchedule | undefined,
): number | undefined {
  return before && after ? after.waitSeconds - before.waitSeconds : undefined;
}
