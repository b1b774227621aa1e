import { dirname, resolve } from "node:path";
import { build, type Plugin } from "esbuild";
import { type HandlerName, handlerEntry } from "../../cdk/handler-bundling.ts";

/** What a handler's code can call on the backend, as found in its tree-shaken bundle. */
export interface HandlerCodeCalls {
  /** `<port>.<method>` of the AWS ports, e.g. `tasks.succeed`. */
  readonly ports: readonly string[];
  /** `<store>.<method>` of the stores, and `loopStates.<method>` for the loop state. */
  readonly stores: readonly string[];
  /** The signing keys the operations read: `callback`, `link`, `audit`. */
  readonly keys: readonly string[];
  /** The ids it makes: `instanceId`, `callbackId`, `linkId`. */
  readonly ids: readonly string[];
  /** Whether it checks values against JSON Schemas (`backend.schemas.validator(…)`). */
  readonly schemas: boolean;
}

/**
 * Stands a stub in for `backend-from-env.ts`'s `backendFromEnv`, so the bundle holds the
 * handler's own code and the operations it can run, not the adapters every backend wires; the
 * module's other exports (its environment readers) stay what they are.
 */
const stubBackend: Plugin = {
  name: "stub-backend-from-env",
  setup(builder) {
    builder.onResolve({ filter: /backend-from-env\.ts$/ }, (args) => {
      if (args.namespace === "stub") return undefined;
      return { path: resolve(args.resolveDir, args.path), namespace: "stub" };
    });
    builder.onLoad({ filter: /.*/, namespace: "stub" }, (args) => ({
      contents: [
        `export * from ${JSON.stringify(args.path)};`,
        "export const backendFromEnv = () => undefined;",
      ].join("\n"),
      loader: "js",
      resolveDir: dirname(args.path),
    }));
  },
};

const PORT_CALL =
  /\b(tasks|executions|bus|plugins|scheduler|verdicts)\.(succeed|fail|heartbeat|start|stop|describe|publish|call|schedule|cancel|deliver)\(/g;
const STORE_CALL = /\bstores\.(\w+)\.(\w+)\(/g;
/** The loop state store, as `stepWithTemplate` names it. */
const LOOP_STATE_CALL = /\bstore\.(get|put)\(/g;
const KEY_USE = /\bsecrets\.(callback|link|audit)Key\b/g;
const ID_CALL = /\bids\.(instanceId|callbackId|linkId)\(/g;
const SCHEMA_CALL = /\bschemas\.validator\(/;

function found(text: string, pattern: RegExp, name: (match: RegExpMatchArray) => string): string[] {
  return [...new Set([...text.matchAll(pattern)].map(name))].sort();
}

/**
 * The backend calls a handler's code can make: its entry bundled by esbuild (tree-shaken, not
 * minified, the backend stubbed, SDK and Powertools left out), searched for the calls as the
 * operations write them (`backend.tasks.succeed(…)`, `backend.stores.approvals.put(…)`,
 * `backend.secrets.linkKey`, `backend.ids.instanceId()`). Code that is never reached from the entry is not in the bundle,
 * so it does not count.
 *
 * @example
 * const { ports } = await handlerCodeCalls("sweeper"); // ["bus.publish", "executions.describe", …]
 */
export async function handlerCodeCalls(name: HandlerName): Promise<HandlerCodeCalls> {
  const result = await build({
    entryPoints: [handlerEntry(name)],
    bundle: true,
    platform: "node",
    format: "esm",
    write: false,
    external: ["@aws-sdk/*", "@aws-lambda-powertools/*"],
    plugins: [stubBackend],
    logLevel: "error",
  });
  const text = result.outputFiles.map((file) => file.text).join("\n");
  const loopStates = text.includes("loopStates(")
    ? found(text, LOOP_STATE_CALL, (match) => `loopStates.${match[1]}`)
    : [];
  return {
    ports: found(text, PORT_CALL, (match) => `${match[1]}.${match[2]}`),
    stores: [
      ...found(text, STORE_CALL, (match) => `${match[1]}.${match[2]}`),
      ...loopStates,
    ].sort(),
    keys: found(text, KEY_USE, (match) => match[1] ?? ""),
    ids: found(text, ID_CALL, (match) => match[1] ?? ""),
    schemas: SCHEMA_CALL.test(text),
  };
}
