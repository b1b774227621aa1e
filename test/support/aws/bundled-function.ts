import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { functionArn, LOOPBACK_REGION } from "./loopback-account.ts";

/** Lambda's report of an error a function threw (what Invoke answers as the payload). */
export interface FunctionErrorEnvelope {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

/** How one invocation ended: the handler's result as JSON, or its error. */
export type InvocationOutcome = { result: unknown } | { error: FunctionErrorEnvelope };

/**
 * The worker's code, as the Node.js runtime runs a handler: the bundle is imported once (the
 * cold start; its end is reported, and a failed import fails every invocation as
 * `Runtime.ImportModuleError`), then each invocation calls its `handler` with the event and a context; the
 * result goes back as JSON (an `undefined` result as `null`), an error as Lambda's envelope
 * with the error's `name` as its type.
 */
const RUNTIME = `
const { parentPort, workerData } = require("node:worker_threads");
const loaded = import(workerData.url);
loaded.then(
  () => parentPort.postMessage({ ready: true }),
  (error) => parentPort.postMessage({ ready: false, message: String(error?.message ?? error) }),
);
parentPort.on("message", async ({ id, event, context }) => {
  try {
    const { handler } = await loaded.catch((error) => {
      const failure = new Error(String(error?.message ?? error));
      failure.name = "Runtime.ImportModuleError";
      throw failure;
    });
    const result = await handler(event, {
      ...context,
      getRemainingTimeInMillis: () => 30000,
      done() {}, fail() {}, succeed() {},
    });
    parentPort.postMessage({ id, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
  } catch (thrown) {
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    parentPort.postMessage({ id, error: {
      errorType: error.name, errorMessage: error.message, trace: String(error.stack ?? "").split("\\n"),
    } });
  }
});
`;

/**
 * One deployed function: its bundle (`index.mjs` of its folder) loaded in a worker thread of
 * its own with its own environment, as Lambda gives each function an execution environment of
 * its own (module state, `process.env`, the cached backend). Invocations run one after another
 * on Lambda; here they may interleave on the worker's event loop, as `async` handlers allow.
 * Everything the function writes to stdout and stderr is kept in `output`.
 *
 * @example
 * const fn = new BundledFunction("baton-test-conditions", folder, { AWS_REGION: "us-east-1" });
 * const outcome = await fn.invoke({ queries: {}, input: {}, nodes: {} });
 */
export class BundledFunction {
  readonly name: string;
  /** The function's log: its stdout and stderr lines, in order. */
  readonly output: string[] = [];
  private readonly worker: Worker;
  private readonly waiting = new Map<number, (outcome: InvocationOutcome) => void>();
  private invocations = 0;
  /** Resolves with the milliseconds the bundle took to load (its init), or rejects with why it failed. */
  readonly ready: Promise<number>;

  constructor(name: string, folder: string, environment: Record<string, string>) {
    this.name = name;
    this.worker = new Worker(RUNTIME, {
      eval: true,
      workerData: { url: pathToFileURL(join(folder, "index.mjs")).href },
      env: {
        ...environment,
        AWS_LAMBDA_FUNCTION_NAME: name,
        AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "512",
        LAMBDA_TASK_ROOT: folder,
        AWS_REGION: LOOPBACK_REGION,
      },
      stdout: true,
      stderr: true,
    });
    for (const stream of [this.worker.stdout, this.worker.stderr]) {
      stream.setEncoding("utf8");
      stream.on("data", (text: string) => this.output.push(...text.split("\n").filter(Boolean)));
    }
    const started = performance.now();
    const { promise, resolve, reject } = Promise.withResolvers<number>();
    this.ready = promise;
    this.worker.on(
      "message",
      (message: ({ id: number } & InvocationOutcome) | { ready: boolean; message?: string }) => {
        if ("ready" in message) {
          if (message.ready) resolve(performance.now() - started);
          else reject(new Error(`${name} could not load its bundle: ${message.message}`));
          return;
        }
        const { id, ...outcome } = message;
        this.waiting.get(id)?.(outcome);
        this.waiting.delete(id);
      },
    );
  }

  /** Invokes the handler with `event` (a JSON value) and answers how it ended. */
  invoke(event: unknown): Promise<InvocationOutcome> {
    this.invocations += 1;
    const id = this.invocations;
    const { promise, resolve } = Promise.withResolvers<InvocationOutcome>();
    this.waiting.set(id, resolve);
    this.worker.postMessage({
      id,
      event,
      context: {
        callbackWaitsForEmptyEventLoop: true,
        functionName: this.name,
        functionVersion: "$LATEST",
        invokedFunctionArn: functionArn(this.name),
        memoryLimitInMB: "512",
        awsRequestId: crypto.randomUUID(),
        logGroupName: `/aws/lambda/${this.name}`,
        logStreamName: "2026/12/02/[$LATEST]bundle",
      },
    });
    return promise;
  }

  /** Ends the execution environment. */
  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
