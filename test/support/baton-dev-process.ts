import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { batonWith } from "./run-baton.ts";

/** How a test starts `baton dev`. */
export interface BatonDevOptions {
  /** The data folder, `--data`. @default a new folder under the system's temporary folder */
  data?: string;
  /** The definitions folder, `--definitions`. @default none: `baton dev`'s own, `definitions` */
  definitions?: string;
  /** More arguments, after the folders. @default [] */
  args?: readonly string[];
  /**
   * Variables set over the test's own environment and the defaults `BATON_DEV_AUTH=1` (sign in
   * with an X-Baton-User header; `BATON_DEV_AUTH: ""` signs nobody in) and `LOG_LEVEL=SILENT`
   * (no JSON log lines; `--log-level` in `args` goes over it).
   * @default {}
   */
  env?: Record<string, string>;
  /**
   * A text `baton dev` must also have printed on standard output before the start resolves,
   * as `"Resumed "` once it has taken up what the last run left.
   * @default none: the start resolves once the `Listening on` line is printed
   */
  ready?: string;
}

/** A running `baton dev` child process and everything it has printed so far. */
export interface BatonDev {
  readonly child: ChildProcess;
  /** The URL it listens on, as its `Listening on` line gives it. */
  readonly url: string;
  /** Its data folder. */
  readonly data: string;
  /** What it has printed on standard output so far. */
  out(): string;
  /** What it has printed on standard error so far. */
  err(): string;
  /**
   * Resolves once `text` has been printed on `stream`; rejects when the process exits first or
   * after `timeout` ms.
   * @param timeout - @default 15000
   */
  printed(stream: "stdout" | "stderr", text: string, timeout?: number): Promise<void>;
  /** Stops it as Ctrl-C does and resolves with its exit code. */
  stop(): Promise<number | null>;
  /** Kills it with SIGKILL (as `kill -9` does) and resolves once it is gone. */
  kill(): Promise<void>;
  /** The callback key it keeps in its data folder (`secrets.json`), for signing reports. */
  callbackKey(): Promise<string>;
}

const LISTENING = /Listening on (http:\/\/\S+) /;

/**
 * Starts `node cli/baton.ts dev` on a free port and resolves once it listens (and has printed
 * `ready`, if given); rejects, with what it printed, when it exits first. The start waits as
 * long as the test lets it: a `baton dev` taking up a large data folder can be slow to listen.
 *
 * @example
 * const dev = await startBatonDev({ definitions, data, ready: "Resumed " });
 * await fetch(`${dev.url}/v1/templates`, { headers: { "x-baton-user": "rita" } });
 * expect(await dev.stop()).toBe(0);
 */
export async function startBatonDev(options: BatonDevOptions = {}): Promise<BatonDev> {
  const data = options.data ?? (await mkdtemp(join(tmpdir(), "baton-dev-")));
  const folders = options.definitions ? ["--definitions", options.definitions] : [];
  const child = spawn(
    process.execPath,
    ["cli/baton.ts", "dev", "--port", "0", "--data", data, ...folders, ...(options.args ?? [])],
    { env: { ...process.env, BATON_DEV_AUTH: "1", LOG_LEVEL: "SILENT", ...options.env } },
  );
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  const said = () => JSON.stringify(output);
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  const printed = (stream: "stdout" | "stderr", text: string | RegExp, timeout?: number) =>
    new Promise<void>((resolve, reject) => {
      const shown = () =>
        typeof text === "string" ? output[stream].includes(text) : text.test(output[stream]);
      const check = () => {
        if (!shown()) return;
        done();
        resolve();
      };
      const exited = () => {
        done();
        reject(new Error(`baton dev exited ${child.exitCode ?? child.signalCode}: ${said()}`));
      };
      const timer =
        timeout === undefined
          ? undefined
          : setTimeout(() => {
              done();
              reject(new Error(`baton dev never printed "${text}" on ${stream}: ${said()}`));
            }, timeout);
      const done = () => {
        clearTimeout(timer);
        child[stream].off("data", check);
        child.off("exit", exited);
      };
      child[stream].on("data", check);
      child.once("exit", exited);
      if (shown()) check();
      else if (ended()) exited();
    });
  /** Sends `signal` and resolves with the exit code once the process is gone. */
  const end = (signal: NodeJS.Signals) =>
    new Promise<number | null>((resolve) => {
      if (ended()) return resolve(child.exitCode);
      child.once("exit", resolve);
      child.kill(signal);
    });
  await printed("stdout", LISTENING);
  if (options.ready) await printed("stdout", options.ready);
  return {
    child,
    url: LISTENING.exec(output.stdout)?.[1] as string,
    data,
    out: () => output.stdout,
    err: () => output.stderr,
    printed: (stream, text, timeout = 15_000) => printed(stream, text, timeout),
    stop: () => end("SIGINT"),
    kill: async () => {
      await end("SIGKILL");
    },
    callbackKey: async () => {
      const secrets = JSON.parse(await readFile(join(data, "secrets.json"), "utf8"));
      return (secrets as { callbackKey: string }).callbackKey;
    },
  };
}

/** What a `baton dev` that exited on its own did. */
export interface ExitedBatonDev {
  code: number | null;
  stdout: string;
  /** Its stderr's lines, without Node's warning that `node:sqlite` is experimental. */
  stderrLines: string[];
}

/**
 * Runs `node cli/baton.ts dev` with `args` until it exits on its own, as a refusal does
 * (stopped after 20 s), with the same environment as {@link startBatonDev}.
 *
 * @param env - variables over the test's own and the defaults. @default {}
 * @example
 * const { code, stderrLines } = await runBatonDevToExit(["--port", "0", "--data", busy]);
 */
export async function runBatonDevToExit(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ExitedBatonDev> {
  const { code, stdout, stderr } = await batonWith(
    { env: { BATON_DEV_AUTH: "1", LOG_LEVEL: "SILENT", ...env }, timeout: 20_000 },
    "dev",
    ...args,
  );
  const stderrLines = stderr
    .split("\n")
    .filter((line) => line !== "" && !/ExperimentalWarning|--trace-warnings/.test(line));
  return { code, stdout, stderrLines };
}
