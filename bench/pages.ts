import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { columns } from "../cli/text-columns.ts";
import { DEV_USER_COOKIE } from "../lambdas/api/pages/page-context.ts";
import { CHROMIUM, VIEWPORT_NAMES, type ViewportName } from "../test/support/browser.ts";
import { DevProcess } from "./load-dev-process.ts";
import { percentile } from "./load-figures.ts";
import { EXAMPLE_IDS, type StartedExample, startExamples } from "./pages-examples.ts";
import { type CacheState, firstRenders, type RenderSample } from "./pages-first-render.ts";
import { totalOf, type WeighedFile, weighPage } from "./pages-weight.ts";

/**
 * `npm run bench:pages [-- --loads N] [--size desk|phone] [--example ID]`: serves `baton dev`,
 * starts every example 20 times (a full inbox page), and for each page that exists prints what
 * it weighs (the document, each script and stylesheet, raw, gzip and brotli) with the approval
 * page's total against the 150 KB target of issue 9, then the time to first contentful paint in
 * headless Chromium over N loads cold and warm (default 20) against the 300 ms target, for the
 * shared pages and those of one example (default cache-change). docs/benchmarks.md says how.
 */

const TARGETS = { approvalBytes: 150 * 1024, firstRenderMs: 300 };
/** Instances of each example: the inbox's page of 20 rows is full. */
const COPIES = 20;
const KB = 1024;

const { values } = parseArgs({
  options: {
    loads: { type: "string", default: "20" },
    size: { type: "string", default: "desk" },
    example: { type: "string", default: "cache-change" },
  },
});

/** Exits 2 naming the option that was wrong. */
function refuse(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const loads = Number(values.loads);
if (!Number.isInteger(loads) || loads < 1) {
  refuse(`--loads must be a whole number of at least 1, not ${values.loads}`);
}
const size = values.size as ViewportName;
if (!VIEWPORT_NAMES.includes(size)) refuse(`--size must be desk or phone, not ${values.size}`);
if (!EXAMPLE_IDS.includes(values.example)) {
  refuse(`--example must be one of ${EXAMPLE_IDS.join(", ")}, not ${values.example}`);
}

/** One page to measure: where it is and who looks at it. */
interface BenchPage {
  /** The route, as the table names it: `/ui/approvals/{approvalId}`. */
  route: string;
  /** The example it shows, if any. */
  example?: string;
  path: string;
  user: string;
  /** The approval page, in either of its forms: held to the weight target. */
  approval: boolean;
}

/** Every page of issue 9 for the started examples; the shared ones as the timed example's people. */
function benchPages(started: readonly StartedExample[], timed: StartedExample): BenchPage[] {
  return [
    { route: "/ui/inbox", path: "/ui/inbox", user: timed.approver, approval: false },
    { route: "/ui/templates", path: "/ui/templates", user: timed.starter, approval: false },
    { route: "/ui/playground", path: "/ui/playground", user: timed.starter, approval: false },
    ...started.flatMap((example) => [
      {
        route: "/a/{linkId}",
        example: example.templateId,
        path: example.linkPath,
        user: example.approver,
        approval: true,
      },
      {
        route: "/ui/approvals/{approvalId}",
        example: example.templateId,
        path: `/ui/approvals/${example.approvalId}`,
        user: example.approver,
        approval: true,
      },
      {
        route: "/ui/instances/{id}",
        example: example.templateId,
        path: `/ui/instances/${example.instanceId}`,
        user: example.starter,
        approval: false,
      },
      {
        route: "/ui/templates/{id}",
        example: example.templateId,
        path: `/ui/templates/${example.templateId}`,
        user: example.starter,
        approval: false,
      },
    ]),
  ];
}

const out = (line = "") => process.stdout.write(`${line}\n`);
const progress = (line: string) => process.stderr.write(`… ${line}\n`);
const fixed = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString("en-US", {
        maximumFractionDigits: digits,
        minimumFractionDigits: digits,
      })
    : "—";
const kb = (bytes: number) => `${fixed(bytes / KB, 1)} KB`;
const ms = (samples: readonly number[], share: number) =>
  `${fixed(percentile(samples, share), 0)} ms`;
const verdict = (met: boolean) => (met ? "PASS" : "MISS");
const named = (page: BenchPage) => `${page.route}${page.example ? ` (${page.example})` : ""}`;

const data = await mkdtemp(join(tmpdir(), "baton-pages-"));
const dev = await DevProcess.start({ data });
const browser = await chromium.launch({ executablePath: CHROMIUM });
try {
  out(
    `Pages of baton dev at ${size} size; ${availableParallelism()} cores (${cpus()[0]?.model ?? "?"}, load average ${fixed(loadavg()[0] ?? Number.NaN, 1)}), Node ${process.versions.node}, Chromium ${browser.version()}`,
  );
  progress(`starting each example ${COPIES} times`);
  const started = await startExamples(dev, COPIES);
  const timed = started.find((example) => example.templateId === values.example) as StartedExample;

  const pages: BenchPage[] = [];
  const skipped: string[] = [];
  for (const page of benchPages(started, timed)) {
    const answer = await fetch(`${dev.url}${page.path}`, {
      headers: { cookie: `${DEV_USER_COOKIE}=${page.user}` },
    });
    await answer.arrayBuffer();
    if (answer.status === 404) {
      if (!skipped.includes(page.route)) skipped.push(page.route);
    } else if (answer.status === 200) pages.push(page);
    else throw new Error(`${page.path} as ${page.user} answered ${answer.status}`);
  }

  const weights: string[][] = [["page / file", "raw", "gzip", "brotli", "target", ""]];
  let heaviestApproval = 0;
  for (const page of pages) {
    progress(`weighing ${named(page)}`);
    const files: WeighedFile[] = await weighPage(browser, dev.url, page.path, page.user, size);
    const total = totalOf(files);
    const [document, ...loaded] = files;
    const row = (label: string, file: Pick<WeighedFile, "raw" | "gzip" | "brotli">) => [
      label,
      kb(file.raw),
      kb(file.gzip),
      kb(file.brotli),
    ];
    weights.push([...row(named(page), document ?? total), "", ""]);
    for (const file of loaded) weights.push([...row(`  + ${file.path}`, file), "", ""]);
    if (page.approval) heaviestApproval = Math.max(heaviestApproval, total.gzip);
    weights.push([
      ...row("  = total", total),
      page.approval ? `< ${kb(TARGETS.approvalBytes)} gzip` : "",
      page.approval ? verdict(total.gzip < TARGETS.approvalBytes) : "",
    ]);
  }
  out();
  for (const line of columns(weights)) out(line);

  const timedPages = pages.filter(
    (page) => page.example === undefined || page.example === timed.templateId,
  );
  const renders: string[][] = [
    [
      `first contentful paint, ${loads} loads`,
      "cold best",
      "cold p50",
      "cold p95",
      "warm best",
      "warm p50",
      "warm p95",
      "answered p50",
      "renderer CPU p50 cold, warm",
      "warm: cached files",
      "target",
      "",
    ],
  ];
  for (const page of timedPages) {
    const samples: Partial<Record<CacheState, RenderSample[]>> = {};
    for (const cache of ["cold", "warm"] as const) {
      progress(`${loads} ${cache} loads of ${named(page)}`);
      samples[cache] = await firstRenders(
        browser,
        dev.url,
        page.path,
        page.user,
        size,
        cache,
        loads,
      );
    }
    const figures = (cache: CacheState, figure: keyof RenderSample) =>
      (samples[cache] ?? []).map((one) => one[figure]);
    const paints = (cache: CacheState) => figures(cache, "firstPaintMs");
    renders.push([
      named(page),
      ms(paints("cold"), 0),
      ms(paints("cold"), 0.5),
      ms(paints("cold"), 0.95),
      ms(paints("warm"), 0),
      ms(paints("warm"), 0.5),
      ms(paints("warm"), 0.95),
      ms(figures("cold", "answeredMs"), 0.5),
      `${ms(figures("cold", "rendererCpuMs"), 0.5)}, ${ms(figures("warm", "rendererCpuMs"), 0.5)}`,
      fixed(percentile(figures("warm", "fromCache"), 0.5)),
      `p95 < ${TARGETS.firstRenderMs} ms`,
      verdict(percentile(paints("cold"), 0.95) < TARGETS.firstRenderMs),
    ]);
  }
  out();
  for (const line of columns(renders)) out(line);
  out();
  out(
    `The approval page weighs at most ${kb(heaviestApproval)} gzip over the examples: ${verdict(heaviestApproval < TARGETS.approvalBytes)} (target < ${kb(TARGETS.approvalBytes)}).`,
  );
  if (skipped.length > 0) out(`Skipped (answered 404): ${skipped.join(", ")}.`);
  out(`Load average at the end: ${fixed(loadavg()[0] ?? Number.NaN, 1)}.`);
} catch (error) {
  process.stderr.write(`bench:pages: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await browser.close();
  await dev.stop();
  await rm(data, { recursive: true, force: true });
}
