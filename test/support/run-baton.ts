import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** What a `baton` command printed and how it exited. */
export interface BatonResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** How {@link batonWith} runs the command. */
export interface BatonRun {
  /** Variables over the test's own environment. @default {} */
  env?: Record<string, string>;
  /** Milliseconds before it is stopped (SIGTERM). @default none */
  timeout?: number;
}

/** Runs `node cli/baton.ts ARGS…` (Node 22, as `npx baton` would) and collects its output. */
export function baton(...args: string[]): Promise<BatonResult> {
  return batonWith({}, ...args);
}

/**
 * {@link baton} with more of its environment and a time limit.
 *
 * @example
 * const { code } = await batonWith({ env: { BATON_DEV_AUTH: "1" }, timeout: 20_000 }, "dev", "--port", "0");
 */
export async function batonWith(options: BatonRun, ...args: string[]): Promise<BatonResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["cli/baton.ts", ...args], {
      env: { ...process.env, ...options.env },
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as BatonResult;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
