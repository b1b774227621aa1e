import { type ChildProcess, spawn } from "node:child_process";
import { open, readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** How `baton dev` is started for the load benchmark. */
export interface DevProcessOptions {
  /** The data folder (`--data`): its SQLite store, keys, and the process's output `dev.log`. */
  data: string;
  /** @default "definitions" */
  definitions?: string;
  /** `--log-level`. @default "INFO" (what `baton dev` logs unless told otherwise) */
  logLevel?: string;
  /** Options for the child's `node`, e.g. `["--cpu-prof", "--cpu-prof-dir=prof"]`. @default [] */
  nodeOptions?: readonly string[];
}

/** `baton dev` did not come up. */
export class DevStartError extends Error {
  override readonly name = "DevStartError";
}

/**
 * `baton dev` in a process of its own, as a person starts it: `node cli/baton.ts dev` on an
 * ephemeral loopback port, `BATON_DEV_AUTH=1`, the SQLite store in `--data`. Its output goes to
 * `<data>/dev.log` (not through a pipe the driver would have to drain), read for the URL.
 *
 * @example
 * const dev = await DevProcess.start({ data: await mkdtemp(join(tmpdir(), "baton-load-")) });
 * await fetch(`${dev.url}/healthz`);
 * const peak = await dev.peakRssBytes();
 * await dev.stop();
 */
export class DevProcess {
  private readonly child: ChildProcess;
  /** Where the API listens, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** The installation's callback key, from `<data>/secrets.json`, to sign callback reports. */
  readonly callbackKey: string;

  private constructor(child: ChildProcess, url: string, callbackKey: string) {
    this.child = child;
    this.url = url;
    this.callbackKey = callbackKey;
  }

  /** Starts `baton dev` and resolves once it listens and has resumed its journal. */
  static async start(options: DevProcessOptions): Promise<DevProcess> {
    const log = join(options.data, "dev.log");
    const output = await open(log, "w");
    const child = spawn(
      process.execPath,
      [
        ...(options.nodeOptions ?? []),
        "cli/baton.ts",
        "dev",
        "--port",
        "0",
        "--host",
        "127.0.0.1",
        "--data",
        options.data,
        "--definitions",
        options.definitions ?? "definitions",
        "--log-level",
        options.logLevel ?? "INFO",
      ],
      { env: { ...process.env, BATON_DEV_AUTH: "1" }, stdio: ["ignore", output.fd, output.fd] },
    );
    await output.close();
    let exited: string | undefined;
    child.once("exit", (code, signal) => {
      exited = `exited ${code ?? signal}`;
    });
    for (let waited = 0; waited < 30_000; waited += 20) {
      const text = await readFile(log, "utf8");
      const url = /Listening on (http:\/\/\S+)/.exec(text)?.[1];
      if (url && text.includes("Resumed ")) {
        const secrets = JSON.parse(await readFile(join(options.data, "secrets.json"), "utf8")) as {
          callbackKey: string;
        };
        return new DevProcess(child, url, secrets.callbackKey);
      }
      if (exited) throw new DevStartError(`baton dev ${exited}:\n${text}`);
      await sleep(20);
    }
    child.kill("SIGKILL");
    throw new DevStartError(`baton dev did not listen within 30 s (see ${log})`);
  }

  /** The process's peak resident set (`VmHWM` of `/proc/<pid>/status`), or undefined where there is no `/proc`. */
  async peakRssBytes(): Promise<number | undefined> {
    const status = await readFile(`/proc/${this.child.pid}/status`, "utf8").catch(() => "");
    const kilobytes = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    return kilobytes === undefined ? undefined : Number(kilobytes) * 1024;
  }

  /**
   * The CPU time the process has used so far (user and system, `/proc/<pid>/stat`, in ticks of
   * 1/100 s), or undefined where there is no `/proc`.
   */
  async cpuSeconds(): Promise<number | undefined> {
    const stat = await readFile(`/proc/${this.child.pid}/stat`, "utf8").catch(() => "");
    // The fields after the command's name (which may hold spaces) start at its closing ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const [user, system] = [Number(fields[11]), Number(fields[12])];
    return Number.isFinite(user) && Number.isFinite(system) ? (user + system) / 100 : undefined;
  }

  /** The process id, e.g. for `threadSchedule`. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Stops it as Ctrl-C would (SIGINT, so a `--cpu-prof` profile is written); SIGKILL after 20 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const ended = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGINT");
    const killer = setTimeout(() => this.child.kill("SIGKILL"), 20_000);
    await ended;
    clearTimeout(killer);
  }
}
