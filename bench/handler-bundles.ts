import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { loadDeployedDefinitions } from "../cdk/deployed-definitions.ts";
import { HANDLER_NAMES, type HandlerName, handlerBuildOptions } from "../cdk/handler-bundling.ts";
import { staticExternals } from "../test/support/static-externals.ts";

/**
 * `npm run bench`'s part on the Lambda bundles: every handler bundled exactly as a deployment
 * bundles it ({@link HANDLER_ESBUILD_OPTIONS}, esbuild's JS API, into a temporary folder), its
 * size raw and gzipped, what its largest parts are, and its init time — a fresh Node 22 process
 * per run importing the bundle with a Lambda-like environment, timed around the `import()`, in
 * two parts: first what the bundle leaves out and loads at once (the AWS SDK clients of the
 * runtime, Powertools of the layer), then the bundle itself, its imports now loaded — so the
 * bundle's own share is told from the modules Lambda supplies.
 */

const KB = 1024;

/** What the issue asks of each bundle. */
export const BUNDLE_TARGETS = { bytes: 50 * KB, initMs: 50 };

/** Fresh processes per bundle; the median is reported. */
const INIT_RUNS = 7;

/** Parts of a bundle named in its breakdown, largest first. */
const LARGEST_PARTS = 4;

/** One handler's bundle, measured. */
export interface BundleFigures {
  name: HandlerName;
  bytes: number;
  gzipBytes: number;
  /**
   * Median init time over {@link INIT_RUNS} fresh processes, in milliseconds: the modules the
   * bundle leaves out and loads at once, then the bundle.
   */
  initMs: number;
  /** Every init time measured, in milliseconds, in run order. */
  initRuns: number[];
  /** Median time of the bundle's own code, its external imports already loaded, in milliseconds. */
  ownMs: number;
  /**
   * The api's: median time of its first request after init, `GET /openapi.json` through the
   * handler (which builds the app and the backend on its first request, and calls no AWS
   * service), in milliseconds.
   */
  firstRequestMs?: number;
  /** The modules the bundle leaves out and imports as it loads. */
  externals: string[];
  /** The bundle's bytes by package (or by folder of this repository), largest first. */
  parts: [string, number][];
}

/** A measured figure beside its target. */
export interface BundleCheck {
  met: boolean;
  text: string;
}

/** The package a bundled input belongs to, or its folder in this repository. */
function partOf(input: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (inPackage?.[1]) return inPackage[1];
  return input.split("/").slice(0, 2).join("/");
}

function partsOf(metafile: Metafile): [string, number][] {
  const bytes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const part = partOf(input);
      bytes.set(part, (bytes.get(part) ?? 0) + bytesInOutput);
    }
  }
  return [...bytes].sort((a, b) => b[1] - a[1]);
}

/**
 * The environment a deployed function starts with, as far as the handlers and Powertools read
 * it at import: names that exist nowhere (nothing is called while importing), the signing keys
 * set so that no secret is fetched, and the templates of `definitions/` in the task root.
 */
function lambdaEnvironment(name: HandlerName, taskRoot: string): NodeJS.ProcessEnv {
  const key = (letter: string) => letter.repeat(64);
  return {
    PATH: process.env.PATH,
    LAMBDA_TASK_ROOT: taskRoot,
    AWS_LAMBDA_FUNCTION_NAME: `baton-bench-${name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "1024",
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    AWS_ENDPOINT_URL: "http://127.0.0.1:9",
    POWERTOOLS_SERVICE_NAME: "baton",
    POWERTOOLS_METRICS_NAMESPACE: "Baton",
    TABLE_NAME: "baton-bench",
    BUS_NAME: "baton-bench",
    STATE_MACHINE_ARN_PREFIX: "arn:aws:states:us-east-1:123456789012:stateMachine:baton-bench",
    PUBLIC_URL: "https://baton.example.com",
    REMINDER_GROUP: "baton-bench",
    REMINDERS_FUNCTION_ARN: "arn:aws:lambda:us-east-1:123456789012:function:baton-bench-reminders",
    REMINDER_ROLE_ARN: "arn:aws:iam::123456789012:role/baton-bench-scheduler",
    BATON_CALLBACK_KEY: key("c"),
    BATON_LINK_KEY: key("l"),
    BATON_AUDIT_KEY: key("a"),
    JWT_ISSUER: "https://issuer.example.com/",
    JWT_AUDIENCE: "baton",
    JWT_SECRET: key("j"),
  };
}

/** The api's first request: `GET /openapi.json` as API Gateway's HTTP API hands it over. */
const FIRST_REQUEST = {
  version: "2.0",
  routeKey: "$default",
  rawPath: "/openapi.json",
  rawQueryString: "",
  headers: { host: "baton.example.com" },
  requestContext: {
    http: { method: "GET", path: "/openapi.json", protocol: "HTTP/1.1", sourceIp: "203.0.113.7" },
    requestId: "bench",
    routeKey: "$default",
    stage: "$default",
  },
  isBase64Encoded: false,
};

/**
 * Milliseconds a fresh `node`, started in `folder`, spends importing `externals` (in turn) and
 * then `bundle`, and with `request`, its handler's answer to it.
 */
function initOnce(
  externals: readonly string[],
  bundle: string,
  folder: string,
  env: NodeJS.ProcessEnv,
  request?: object,
): { externalsMs: number; ownMs: number; firstRequestMs?: number } {
  const script = [
    "const started = performance.now();",
    `for (const specifier of ${JSON.stringify(externals)}) await import(specifier);`,
    "const loaded = performance.now();",
    `const bundle = await import(${JSON.stringify(pathToFileURL(bundle).href)});`,
    "const imported = performance.now();",
    `const request = ${JSON.stringify(request ?? null)};`,
    "if (request) {",
    '  const answer = await bundle.handler(request, { memoryLimitInMB: "1024", awsRequestId: "bench" });',
    '  if (answer.statusCode !== 200) throw new Error("the first request was answered " + answer.statusCode);',
    "}",
    "const answered = performance.now();",
    // The handler's metrics lines go to stdout too: the figures are the last line
    'process.stdout.write("\\n" + JSON.stringify([loaded - started, imported - loaded, request ? answered - imported : null]));',
  ].join("\n");
  const run = spawnSync(process.execPath, ["--input-type=module", "--eval", script], {
    cwd: folder,
    env,
    encoding: "utf8",
  });
  if (run.status !== 0) {
    throw new Error(`importing ${bundle} failed (exit ${run.status}): ${run.stderr.trim()}`);
  }
  const figures = run.stdout.trim().split("\n").at(-1) ?? "";
  const [externalsMs, ownMs, firstRequestMs] = JSON.parse(figures) as [
    number,
    number,
    number | null,
  ];
  return { externalsMs, ownMs, ...(firstRequestMs === null ? {} : { firstRequestMs }) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Bundles every handler into a temporary folder, with a `templates.json` of `definitions/` and
 * this repository's `node_modules` beside it (where Lambda has the AWS SDK and the Powertools
 * layer), and measures each bundle. The folder is removed afterwards.
 *
 * @param runs - fresh processes per bundle for the init time. @default 7
 * @example
 * const figures = await measureHandlerBundles();
 */
export async function measureHandlerBundles(runs = INIT_RUNS): Promise<BundleFigures[]> {
  if (!process.versions.node.startsWith("22.")) {
    throw new Error(`the bundles are timed on Node 22, not ${process.version}: run npm run bench`);
  }
  const folder = await mkdtemp(join(tmpdir(), "baton-bundles-"));
  try {
    await symlink(resolve("node_modules"), join(folder, "node_modules"), "dir");
    const { templates } = await loadDeployedDefinitions("definitions");
    await writeFile(join(folder, "templates.json"), JSON.stringify(templates));
    const figures: BundleFigures[] = [];
    for (const name of HANDLER_NAMES) {
      const outfile = join(folder, `${name}.mjs`);
      const { metafile } = await build({
        ...handlerBuildOptions(name, templates),
        outfile,
        metafile: true,
        logLevel: "error",
      });
      const code = await readFile(outfile);
      const env = lambdaEnvironment(name, folder);
      const externals = staticExternals(metafile).filter((path) => !isBuiltin(path));
      const measured = Array.from({ length: runs }, () =>
        initOnce(externals, outfile, folder, env, name === "api" ? FIRST_REQUEST : undefined),
      );
      const initRuns = measured.map(({ externalsMs, ownMs }) => externalsMs + ownMs);
      figures.push({
        name,
        bytes: code.length,
        gzipBytes: gzipSync(code).length,
        initMs: median(initRuns),
        initRuns,
        ownMs: median(measured.map(({ ownMs }) => ownMs)),
        ...(name === "api"
          ? { firstRequestMs: median(measured.map(({ firstRequestMs }) => firstRequestMs ?? 0)) }
          : {}),
        externals,
        parts: partsOf(metafile),
      });
    }
    return figures;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;
const mark = (met: boolean) => (met ? "✓" : "✗");

/**
 * The bundles' table as `npm run bench` prints it: size raw and gzipped, init time (median and
 * range), each beside its target, and each bundle's largest parts.
 *
 * @example
 * process.stdout.write(bundleTable(await measureHandlerBundles()));
 */
export function bundleTable(figures: readonly BundleFigures[]): string {
  const lines = [
    `${"handler".padEnd(16)}${"raw".padStart(10)}   ${"gzip".padStart(9)}  ${"init (median)".padStart(14)}  range          the bundle's own`,
  ];
  for (const figure of figures) {
    const { name, bytes, gzipBytes, initMs, initRuns, ownMs, externals, parts } = figure;
    const sizeMet = bytes <= BUNDLE_TARGETS.bytes;
    const initMet = initMs <= BUNDLE_TARGETS.initMs;
    lines.push(
      `${name.padEnd(16)}${kb(bytes).padStart(10)} ${mark(sizeMet)} ${kb(gzipBytes).padStart(9)}  ${`${initMs.toFixed(1)} ms`.padStart(12)} ${mark(initMet)}  ${`${Math.min(...initRuns).toFixed(0)}–${Math.max(...initRuns).toFixed(0)} ms`.padEnd(15)}${ownMs.toFixed(1)} ms`,
    );
    const largest = parts
      .slice(0, LARGEST_PARTS)
      .map(([part, partBytes]) => `${part} ${kb(partBytes)}`);
    lines.push(`${"".padEnd(16)}largest: ${largest.join(", ")}`);
    lines.push(`${"".padEnd(16)}loads first: ${externals.join(", ") || "nothing"}`);
    if (figure.firstRequestMs !== undefined) {
      lines.push(
        `${"".padEnd(16)}first request (GET /openapi.json, no AWS call): ${figure.firstRequestMs.toFixed(1)} ms`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * One check per bundle and target, as `npm run bench` lists its targets.
 *
 * @example
 * checks.push(...bundleChecks(figures));
 */
export function bundleChecks(figures: readonly BundleFigures[]): BundleCheck[] {
  return figures.flatMap(({ name, bytes, initMs, initRuns, ownMs }) => {
    const sizeMet = bytes <= BUNDLE_TARGETS.bytes;
    const initMet = initMs <= BUNDLE_TARGETS.initMs;
    return [
      {
        met: sizeMet,
        text: `${mark(sizeMet)} ${name} bundle size: ${kb(bytes)} (target ≤ ${kb(BUNDLE_TARGETS.bytes)}, AWS SDK external)`,
      },
      {
        met: initMet,
        text: `${mark(initMet)} ${name} bundle init: ${initMs.toFixed(1)} ms median of ${initRuns.length} fresh Node 22 processes, the bundle's own code ${ownMs.toFixed(1)} ms after the SDK and Powertools (target ≤ ${BUNDLE_TARGETS.initMs} ms)`,
      },
    ];
  });
}
