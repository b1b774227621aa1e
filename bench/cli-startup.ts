import { spawnSync } from "node:child_process";

/**
 * `npm run bench:cli [RUNS]`: how long `baton --help` and `baton --version` take, start to
 * exit, each run `node cli/baton.ts …` in a fresh process on the Node that runs this script
 * (the project's Node 22 under npm). Prints the median and p90 of RUNS runs (default 20) after
 * one warm-up run, and whether the median meets the target.
 */

const TARGET_MS = 500;
const runs = Number(process.argv[2] ?? 20);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write("usage: npm run bench:cli [RUNS] (a positive integer)\n");
  process.exit(2);
}

/** Milliseconds from spawning `node cli/baton.ts ARGS` to its exit; throws if it fails. */
function timeOnce(args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, ["cli/baton.ts", ...args], { encoding: "utf8" });
  const elapsed = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(`baton ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  }
  return elapsed;
}

/** The value below which `share` of the sorted samples lie (nearest rank). */
function percentile(sorted: readonly number[], share: number): number {
  const rank = Math.max(Math.ceil(share * sorted.length) - 1, 0);
  return sorted[rank] ?? Number.NaN;
}

let allMet = true;
process.stdout.write(`baton startup on Node ${process.versions.node}, ${runs} runs each\n`);
for (const args of [["--help"], ["--version"]]) {
  timeOnce(args);
  const samples = Array.from({ length: runs }, () => timeOnce(args)).sort((a, b) => a - b);
  const median = percentile(samples, 0.5);
  const p90 = percentile(samples, 0.9);
  const met = median < TARGET_MS;
  allMet &&= met;
  process.stdout.write(
    `${met ? "✓" : "✗"} baton ${args.join(" ").padEnd(9)}  median ${median.toFixed(0)} ms, p90 ${p90.toFixed(0)} ms (target: median under ${TARGET_MS} ms)\n`,
  );
}
process.stdout.write(allMet ? "target met\n" : "target not met\n");
