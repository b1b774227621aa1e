import { execFile } from "node:child_process";
import { promisify } from "node:util";

/**
 * Runs a Python program with the plugin SDK's layer on its path (as a Lambda function with
 * the layer has it) and `stdin` as its input; resolves with what it printed.
 *
 * @example
 * const out = await runPython("import baton_sdk, sys; print(baton_sdk.sign_event('k', sys.stdin.read(), 1))", "{}");
 */
export async function runPython(
  program: string,
  stdin = "",
  env: Record<string, string> = {},
): Promise<string> {
  const run = promisify(execFile)("python3", ["-c", program], {
    env: { ...process.env, PYTHONPATH: "layers/python/python", PYTHONUTF8: "1", ...env },
  });
  run.child.stdin?.end(stdin);
  return (await run).stdout;
}
