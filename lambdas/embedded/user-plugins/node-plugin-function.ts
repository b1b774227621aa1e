import { pathToFileURL } from "node:url";
import type { FunctionAnswer } from "../../adapters/plugin-function-answer.ts";
import { lambdaContext } from "./lambda-context.ts";
import { thrownErrorEnvelope, timedOutEnvelope } from "./runtime-errors.ts";
import type { UserPluginFunction } from "./user-plugin-function.ts";
import type { ResolvedUserPluginOptions } from "./user-plugin-options.ts";

/** A Node handler: `export const handler = async (event, context) => …`. */
type NodeHandler = (event: unknown, context: unknown) => unknown;

/** The event or result as JSON carries it across Lambda's boundary: `undefined` is `null`. */
function overTheWire(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}

/**
 * A `node` user plugin run in the engine's process: its module (TypeScript through Node's type
 * stripping, or JavaScript) is imported on the first call, as Lambda's cold start would, and
 * its exported `handler` is called with a JSON copy of the event and a Lambda-like context.
 * What it returns or throws is answered as Lambda's Node.js runtime would: the result as JSON,
 * or the error's name and message (`Runtime.ImportModuleError` when the module does not load,
 * `Runtime.HandlerNotFound` without a `handler` function, `Sandbox.Timedout` past the timeout,
 * after which the handler is left to finish unheard: it shares the engine's process).
 *
 * @example
 * const fn = new NodePluginFunction("cache.provision", "/repo/plugins/cache-provision/index.ts", options);
 * const answer = await fn.invoke(call);
 */
export class NodePluginFunction implements UserPluginFunction {
  readonly name: string;
  private readonly file: string;
  private readonly options: ResolvedUserPluginOptions;
  private loaded: Promise<unknown> | undefined;

  /** @param file - the handler module's absolute path. */
  constructor(name: string, file: string, options: ResolvedUserPluginOptions) {
    this.name = name;
    this.file = file;
    this.options = options;
  }

  async invoke(event: unknown): Promise<FunctionAnswer> {
    const handler = await this.handler();
    const answer = typeof handler === "function" ? await this.timed(handler, event) : handler;
    if (!answer.ok) {
      this.options.log(this.name, `${answer.error.errorType}: ${answer.error.errorMessage}`);
    }
    return answer;
  }

  /** Calls the handler with the function's environment, answering a timeout at the deadline. */
  private async timed(handler: NodeHandler, event: unknown): Promise<FunctionAnswer> {
    Object.assign(process.env, this.options.environment);
    const { timeoutMs } = this.options;
    const context = lambdaContext(this.name, Date.now() + timeoutMs);
    const { promise: timedOut, resolve } = Promise.withResolvers<FunctionAnswer>();
    const timer = setTimeout(
      () => resolve({ ok: false, error: timedOutEnvelope(timeoutMs) }),
      timeoutMs,
    );
    try {
      return await Promise.race([this.run(handler, event, context), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async run(
    handler: NodeHandler,
    event: unknown,
    context: unknown,
  ): Promise<FunctionAnswer> {
    try {
      return { ok: true, result: overTheWire(await handler(overTheWire(event), context)) };
    } catch (error) {
      return { ok: false, error: thrownErrorEnvelope(error) };
    }
  }

  /** The module's `handler`, or the answer Lambda gives when there is none. */
  private async handler(): Promise<NodeHandler | FunctionAnswer> {
    this.loaded ??= import(pathToFileURL(this.file).href);
    let module: unknown;
    try {
      module = await this.loaded;
    } catch (error) {
      this.loaded = undefined;
      const { errorMessage } = thrownErrorEnvelope(error);
      return { ok: false, error: { errorType: "Runtime.ImportModuleError", errorMessage } };
    }
    const handler = (module as { handler?: unknown }).handler;
    if (typeof handler === "function") return handler as NodeHandler;
    return {
      ok: false,
      error: {
        errorType: "Runtime.HandlerNotFound",
        errorMessage: `${this.file} exports no function named handler`,
      },
    };
  }
}
