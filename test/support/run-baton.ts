import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** What a `baton` command printed and how it exited. */
export interface BatonResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node cli/baton.ts ARGS…` (Node 22, as `npx baton` would) and collects its output. */
export async function baton(...args: string[]): Promise<BatonResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["cli/baton.ts", ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as BatonResult;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
