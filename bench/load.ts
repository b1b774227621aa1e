import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { columns } from "../cli/text-columns.ts";
import { runBaton } from "./load-baton.ts";
import { type LoadFigures, percentile } from "./load-figures.ts";

/**
 * `npm run bench:load [-- --n N] [--concurrency C] [--poll-ms MS] [--log-level L] [--cpu-prof DIR]
 * [--skip-peer]`: N instances of cache-change (default 1,000, at most C at once, default all)
 * driven through `baton dev`'s HTTP API with its SQLite store, then the same flow in BPMN on
 * `bpmn-engine`, in memory and in-process, as the peer; prints both side by side with the
 * targets of issue 8 and PASS/MISS for each. Exits 1 when an instance of either ends other than
 * completed with every approval approved. docs/benchmarks.md says what it measures and how.
 */

const TARGETS = { perSecond: 500, peerRatio: 10, p99Ms: 20, rssBytes: 300 * 1024 * 1024 };
const MB = 1024 * 1024;

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "1000" },
    concurrency: { type: "string" },
    "poll-ms": { type: "string", default: "5" },
    "log-level": { type: "string", default: "INFO" },
    "cpu-prof": { type: "string" },
    "skip-peer": { type: "boolean", default: false },
  },
});

/** A whole number of at least `least` from option `name`, or exit 2 naming it. */
function wholeNumber(name: string, text: string, least: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < least) {
    process.stderr.write(`--${name} must be a whole number of at least ${least}, not ${text}\n`);
    process.exit(2);
  }
  return value;
}

const n = wholeNumber("n", values.n, 1);
const concurrency = wholeNumber("concurrency", values.concurrency ?? values.n, 1);
const pollMs = wholeNumber("poll-ms", values["poll-ms"], 0);
const input = JSON.parse(await readFile("examples/cache-change.input.json", "utf8")) as Record<
  string,
  unknown
>;

/** The peer in a process of its own (`bench/load-peer-main.ts`), so its peak RSS is its own; undefined if it failed (its error is on stderr). */
async function runPeerProcess(): Promise<LoadFigures | undefined> {
  const child = spawn(
    process.execPath,
    ["bench/load-peer-main.ts", "--n", String(n), "--concurrency", String(concurrency)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise((done) => child.once("exit", done));
  if (code !== 0) {
    process.stderr.write(`bench:load: the peer's process exited ${code}\n`);
    return undefined;
  }
  return JSON.parse(output) as LoadFigures;
}

const out = (line = "") => process.stdout.write(`${line}\n`);
const fixed = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString("en-US", {
        maximumFractionDigits: digits,
        minimumFractionDigits: digits,
      })
    : "—";
const perSecond = (figures: LoadFigures) => figures.instances / figures.seconds;
const ms = (samples: readonly number[], share: number) =>
  `${fixed(percentile(samples, share), 1)} ms`;
const rss = (figures: LoadFigures) =>
  figures.peakRssBytes === undefined ? "—" : `${fixed(figures.peakRssBytes / MB)} MB`;

out(
  `cache-change × ${fixed(n)}, ${fixed(concurrency)} at once; ${availableParallelism()} cores (${cpus()[0]?.model ?? "?"}, load average ${fixed(loadavg()[0] ?? Number.NaN, 1)}), Node ${process.versions.node}`,
);
const data = await mkdtemp(join(tmpdir(), "baton-load-"));
const baton = await runBaton({
  n,
  concurrency,
  input,
  pollMs,
  data,
  logLevel: values["log-level"],
  nodeOptions: values["cpu-prof"]
    ? ["--cpu-prof", `--cpu-prof-dir=${resolve(values["cpu-prof"])}`]
    : [],
})
  .catch((error: unknown) => {
    process.stderr.write(`bench:load: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => rm(data, { recursive: true, force: true }));
if (!baton) process.exit();
const peer = values["skip-peer"] ? undefined : await runPeerProcess();
if (!values["skip-peer"] && !peer) process.exit(1);

const both = [baton, ...(peer ? [peer] : [])];
const ratio = peer ? perSecond(baton) / perSecond(peer) : Number.NaN;
const verdict = (met: boolean) => (met ? "PASS" : "MISS");
const rows: string[][] = [
  ["", ...both.map((figures) => figures.engine), "target", ""],
  [
    "instances/s",
    ...both.map((figures) => fixed(perSecond(figures))),
    `≥ ${TARGETS.perSecond}`,
    verdict(perSecond(baton) >= TARGETS.perSecond),
  ],
  ...(peer
    ? [
        [
          "Baton ÷ peer",
          `${fixed(ratio, 2)}×`,
          "",
          `≥ ${TARGETS.peerRatio}×`,
          verdict(ratio >= TARGETS.peerRatio),
        ],
      ]
    : []),
  ["wall time", ...both.map((figures) => `${fixed(figures.seconds, 2)} s`), "", ""],
  [
    "engine CPU per instance",
    ...both.map((figures) =>
      figures.cpuSeconds === undefined
        ? "—"
        : `${fixed((figures.cpuSeconds * 1000) / figures.instances, 1)} ms`,
    ),
    "",
    "",
  ],
  [
    "engine's thread waited for a CPU",
    ...both.map((figures) =>
      figures.cpuWaitSeconds === undefined
        ? "—"
        : `${fixed(figures.cpuWaitSeconds, 1)} s (${fixed((100 * figures.cpuWaitSeconds) / figures.seconds)} % of the wall time)`,
    ),
    "",
    "",
  ],
  [
    "one idle core at that CPU cost",
    ...both.map((figures) =>
      figures.cpuSeconds === undefined
        ? "—"
        : `${fixed(figures.instances / figures.cpuSeconds)} instances/s`,
    ),
    "",
    "",
  ],
  ["decision → next wait p50", ...both.map((figures) => ms(figures.decisionToNextMs, 0.5)), "", ""],
  [
    "decision → next wait p99",
    ...both.map((figures) => ms(figures.decisionToNextMs, 0.99)),
    `≤ ${TARGETS.p99Ms} ms`,
    verdict(percentile(baton.decisionToNextMs, 0.99) <= TARGETS.p99Ms),
  ],
  ["report → end p50", ...both.map((figures) => ms(figures.reportToEndMs, 0.5)), "", ""],
  ["report → end p99", ...both.map((figures) => ms(figures.reportToEndMs, 0.99)), "", ""],
  [
    "peak RSS",
    ...both.map(rss),
    `≤ ${fixed(TARGETS.rssBytes / MB)} MB`,
    verdict((baton.peakRssBytes ?? Number.POSITIVE_INFINITY) <= TARGETS.rssBytes),
  ],
  [
    "completed as expected",
    ...both.map((figures) => `${fixed(figures.completed)} of ${fixed(figures.instances)}`),
    "all",
    verdict(both.every((figures) => figures.completed === figures.instances)),
  ],
];
out();
for (const line of columns(rows)) out(line);
out();
out(
  `Baton's driver sent ${Object.entries(baton.requests ?? {})
    .map(([kind, count]) => `${fixed(count)} ${kind}`)
    .join(
      ", ",
    )} (poll rounds every ${pollMs} ms, log level ${values["log-level"]}), using ${fixed(baton.driverCpuSeconds ?? Number.NaN, 1)} s of CPU`,
);
for (const figures of both) {
  for (const wrong of figures.wrong) process.stderr.write(`✗ ${figures.engine}: ${wrong}\n`);
}
if (both.some((figures) => figures.completed !== figures.instances)) process.exitCode = 1;
