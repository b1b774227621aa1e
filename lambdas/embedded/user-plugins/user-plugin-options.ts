import { fileURLToPath } from "node:url";

/**
 * How the embedded engine runs user plugins: what a Lambda function's configuration says on
 * AWS (timeout, environment, layers).
 */
export interface UserPluginOptions {
  /** The folder handler paths are relative to. @default process.cwd() */
  root?: string;
  /**
   * How long one invocation may take, in milliseconds, before it is answered
   * `Sandbox.Timedout` (a Python process is killed; a Node handler is left to finish unheard).
   * @default 30000
   */
  timeoutMs?: number;
  /**
   * The function's environment variables, such as `BATON_CALLBACK_KEY` for the SDK: a Python
   * process gets them over the engine's own; a Node handler shares the engine's process, so they
   * are set in its `process.env` before each call.
   * @default {}
   */
  environment?: Readonly<Record<string, string>>;
  /** The Python interpreter. @default "python3" */
  python?: string;
  /**
   * Folders put on a Python handler's `PYTHONPATH`, as Lambda puts a layer's `python/`.
   * @default the SDK layer, `layers/python/python`
   */
  pythonPath?: readonly string[];
  /** Where a Python handler's output (stderr and prints) and every handler error go, line by line. @default the engine's stderr, each line prefixed `[plugin NAME]` */
  log?: (plugin: string, line: string) => void;
}

/** The options with every default filled in. */
export type ResolvedUserPluginOptions = Required<UserPluginOptions>;

/** The Python SDK's layer in this repository (Lambda's `/opt/python`). */
const SDK_LAYER = fileURLToPath(new URL("../../../layers/python/python", import.meta.url));

/**
 * Fills in the defaults of {@link UserPluginOptions}.
 *
 * @example
 * resolveUserPluginOptions({ timeoutMs: 5000 }).python; // "python3"
 */
export function resolveUserPluginOptions(options: UserPluginOptions): ResolvedUserPluginOptions {
  return {
    root: options.root ?? process.cwd(),
    timeoutMs: options.timeoutMs ?? 30_000,
    environment: options.environment ?? {},
    python: options.python ?? "python3",
    pythonPath: options.pythonPath ?? [SDK_LAYER],
    log:
      options.log ??
      ((plugin, line) => {
        process.stderr.write(`[plugin ${plugin}] ${line}\n`);
      }),
  };
}
