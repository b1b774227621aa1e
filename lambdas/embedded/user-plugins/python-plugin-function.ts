import { execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { delimiter } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { FunctionAnswer } from "../../adapters/plugin-function-answer.ts";
import { isRecord } from "../../core/validation/template-view.ts";
import { timedOutEnvelope } from "./runtime-errors.ts";
import type { UserPluginFunction } from "./user-plugin-function.ts";
import type { ResolvedUserPluginOptions } from "./user-plugin-options.ts";

/** The script that imports a handler file and runs one invocation. */
const RUNNER = fileURLToPath(new URL("python-handler-runner.py", import.meta.url));

/** The most a handler may answer, as Lambda's synchronous invocation payload limit. */
const MAX_ANSWER_BYTES = 6 * 1024 * 1024;

/** The interpreters asked for their own path, by command and folder. */
const interpreters = new Map<string, Promise<string>>();

/**
 * The interpreter's own path (`sys.executable`), asked once per command and folder: a version
 * manager's shim (pyenv, asdf) in front of `python3` costs seconds per process. Left as
 * configured when it cannot be asked.
 */
function interpreter({ python, root }: ResolvedUserPluginOptions): Promise<string> {
  const key = `${python}\0${root}`;
  let found = interpreters.get(key);
  if (!found) {
    found = promisify(execFile)(python, ["-c", "import sys; print(sys.executable)"], {
      cwd: root,
    }).then(
      ({ stdout }) => stdout.trim() || python,
      () => python,
    );
    interpreters.set(key, found);
  }
  return found;
}

/** Reads the runner's answer line, or `undefined` when it is not one. */
function parseAnswer(text: string): FunctionAnswer | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  if (parsed.ok === true && "result" in parsed) return { ok: true, result: parsed.result };
  if (parsed.ok === false && isRecord(parsed.error)) {
    const { errorType, errorMessage } = parsed.error;
    return {
      ok: false,
      error: {
        ...(typeof errorType === "string" ? { errorType } : {}),
        ...(typeof errorMessage === "string" ? { errorMessage } : {}),
      },
    };
  }
  return undefined;
}

/**
 * A `python` user plugin: each invocation runs `python3` on a small runner script that imports
 * the handler file, calls `handler(event, context)` and writes its answer as one JSON line on
 * stdout, with the function's environment over the engine's and the SDK layer on
 * `PYTHONPATH`. What the handler prints goes to the log. An exception is answered with the
 * envelope Lambda's Python runtime reports (`errorType` the exception's class name); a process
 * still running at the timeout is killed and answered `Sandbox.Timedout`; one that exits without
 * an answer is `Runtime.ExitError`.
 *
 * @example
 * const fn = new PythonPluginFunction("link.safety-scan", "/repo/plugins/link-safety-scan/handler.py", options);
 * const answer = await fn.invoke(call);
 */
export class PythonPluginFunction implements UserPluginFunction {
  readonly name: string;
  private readonly file: string;
  private readonly options: ResolvedUserPluginOptions;

  /** @param file - the handler file's absolute path. */
  constructor(name: string, file: string, options: ResolvedUserPluginOptions) {
    this.name = name;
    this.file = file;
    this.options = options;
  }

  async invoke(event: unknown): Promise<FunctionAnswer> {
    const answer = await this.run(await interpreter(this.options), event);
    if (!answer.ok) {
      this.options.log(this.name, `${answer.error.errorType}: ${answer.error.errorMessage}`);
    }
    return answer;
  }

  private run(python: string, event: unknown): Promise<FunctionAnswer> {
    const { timeoutMs, environment, pythonPath, root } = this.options;
    const inherited = process.env.PYTHONPATH;
    const child = spawn(python, [RUNNER, this.file], {
      cwd: root,
      env: {
        ...process.env,
        ...environment,
        PYTHONPATH: [...pythonPath, ...(inherited ? [inherited] : [])].join(delimiter),
        PYTHONDONTWRITEBYTECODE: "1",
        PYTHONUNBUFFERED: "1",
        PYTHONUTF8: "1",
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const { promise, resolve } = Promise.withResolvers<FunctionAnswer>();
    const chunks: Buffer[] = [];
    let bytes = 0;
    let ended: FunctionAnswer | undefined;
    const end = (answer: FunctionAnswer) => {
      ended ??= answer;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(
      () => end({ ok: false, error: timedOutEnvelope(timeoutMs) }),
      timeoutMs,
    );
    child.stdout.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_ANSWER_BYTES) {
        end({
          ok: false,
          error: {
            errorType: "Function.ResponseSizeTooLarge",
            errorMessage: `the answer is over ${MAX_ANSWER_BYTES} bytes`,
          },
        });
      } else chunks.push(chunk);
    });
    createInterface({ input: child.stderr }).on("line", (line) =>
      this.options.log(this.name, line),
    );
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({
        ok: false,
        error: {
          errorType: "Runtime.InvalidEntrypoint",
          errorMessage: `cannot run ${python}: ${error.message}`,
        },
      });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve(
        ended ??
          parseAnswer(Buffer.concat(chunks).toString("utf8")) ?? {
            ok: false,
            error: {
              errorType: "Runtime.ExitError",
              errorMessage: `Runtime exited without an answer: ${signal ? `signal ${signal}` : `exit status ${code}`}`,
            },
          },
      );
    });
    const request = {
      event,
      context: {
        functionName: this.name,
        awsRequestId: randomUUID(),
        deadlineMs: Date.now() + timeoutMs,
      },
    };
    child.stdin.on("error", () => {
      // the process ended before it read its request: its exit tells what happened
    });
    child.stdin.end(JSON.stringify(request));
    return promise;
  }
}
