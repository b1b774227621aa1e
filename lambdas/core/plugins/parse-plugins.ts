import type { ErrorObject } from "ajv/dist/2020.js";
import pluginsSchema from "../../../schema/baton-plugins.schema.json" with { type: "json" };
import type { FlowEventType } from "../records/bus-event.ts";
import { batonSchemaValidator } from "../schema/baton-schema-validator.ts";
import { signingKeyProblem } from "../security/signing-key-length.ts";
import { parseSourceDocument } from "../template/source-document.ts";
import type { Problem } from "../validation/problem.ts";
import {
  NOTIFIER_EVENTS,
  type PluginDeclaration,
  type PluginKind,
  type Subscription,
} from "./plugin-declaration.ts";
import { FIFO_QUEUE_REFUSAL } from "./plugin-queue.ts";

/** A plugins file after parsing and validation: the plugins, or the problems refusing it. */
export interface LoadedPlugins {
  /** The file name as given, for reports. */
  file: string;
  /** Present only when there is no problem. */
  plugins?: PluginDeclaration[];
  problems: Problem[];
}

/** What the file is checked against besides its schema. */
export interface PluginsParseOptions {
  /**
   * The environment a webhook's `secret: env:NAME` is read from: a name it lacks (or holds
   * empty) is a problem, and so is a secret shorter than 256 bits (43 characters, the rule of
   * every signing key). Without it, secrets are not looked up.
   *
   * @default undefined (not checked)
   */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The file as the schema lets it through, before it becomes declarations. */
interface PluginsDocument {
  plugins: {
    name: string;
    kind: PluginKind;
    subscriptions?: Subscription[];
    url?: string;
    secret?: string;
    queue?: string;
    handler?: string;
  }[];
}

/** Compiled once, on first use. */
const pluginsValidator = batonSchemaValidator(pluginsSchema);

const SCHEMA_RULE = "plugins-schema";

/** The path of an ajv error as segments, list indexes as numbers. */
function segments(pointer: string): (string | number)[] {
  return pointer
    .split("/")
    .slice(1)
    .map((raw) => raw.replaceAll("~1", "/").replaceAll("~0", "~"))
    .map((key) => (/^\d+$/.test(key) ? Number(key) : key));
}

/** `plugin "ci"` (or `plugins[3]` while it has no name) and the field within it, for messages. */
function where(path: readonly (string | number)[], document: unknown): string {
  if (path[0] !== "plugins" || typeof path[1] !== "number") return path.join(".") || "the file";
  const entry = (document as PluginsDocument).plugins[path[1]] as { name?: unknown } | undefined;
  const plugin = typeof entry?.name === "string" ? `plugin "${entry.name}"` : `plugins[${path[1]}]`;
  const rest = path
    .slice(2)
    .map((segment) => (typeof segment === "number" ? `[${segment}]` : `.${segment}`))
    .join("")
    .replace(/^\./, "");
  return rest ? `${plugin}: ${rest}` : plugin;
}

/** A readable sentence for one ajv error. */
function explain(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const custom = (error.parentSchema as { patternErrorMessage?: string } | undefined)
    ?.patternErrorMessage;
  if (error.keyword === "pattern" && custom) return custom;
  if (error.keyword === "required") return `needs ${String(params.missingProperty)}`;
  if (error.keyword === "additionalProperties") {
    return `has an unknown field ${String(params.additionalProperty)}`;
  }
  if (error.keyword === "enum") {
    return `must be one of ${(params.allowedValues as unknown[]).join(", ")}`;
  }
  if (error.keyword === "minItems") return "must not be empty";
  if (error.keyword === "uniqueItems") return "lists a value twice";
  if (error.keyword === "type")
    return `must be ${params.type === "array" ? "a list" : `a ${String(params.type)}`}`;
  return error.message ?? "is invalid";
}

/** One problem per ajv error that says something (a failed `if` only echoes another). */
function schemaProblems(
  errors: readonly ErrorObject[],
  document: unknown,
  lineOf: (path: readonly (string | number)[]) => number | undefined,
): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === "if") continue;
    const path = segments(error.instancePath);
    const kind = (document as PluginsDocument).plugins?.[path[1] as number]?.kind;
    const message =
      error.keyword === "false schema"
        ? `${where(path, document)} is not a field of kind ${String(kind)}`
        : `${where(path, document)} ${explain(error)}`;
    if (seen.has(message)) continue;
    seen.add(message);
    const line = lineOf(path);
    problems.push({ rule: SCHEMA_RULE, message, path, ...(line === undefined ? {} : { line }) });
  }
  return problems;
}

/** A problem at a path of the document, with its line. */
function problemAt(
  rule: string,
  message: string,
  path: (string | number)[],
  lineOf: (path: readonly (string | number)[]) => number | undefined,
): Problem {
  const line = lineOf(path);
  return { rule, message, path, ...(line === undefined ? {} : { line }) };
}

/**
 * The checks the schema cannot make: unique names, URLs that parse, secrets that are set and
 * long enough, queues that are not FIFO queues.
 */
function fileProblems(
  document: PluginsDocument,
  lineOf: (path: readonly (string | number)[]) => number | undefined,
  options: PluginsParseOptions,
): Problem[] {
  const problems: Problem[] = [];
  const named = new Map<string, number>();
  document.plugins.forEach((plugin, index) => {
    const first = named.get(plugin.name);
    if (first !== undefined) {
      problems.push(
        problemAt(
          "plugins-duplicate-name",
          `plugin "${plugin.name}" is declared twice (first as plugins[${first}])`,
          ["plugins", index, "name"],
          lineOf,
        ),
      );
    } else {
      named.set(plugin.name, index);
    }
    if (plugin.url !== undefined && !URL.canParse(plugin.url)) {
      problems.push(
        problemAt(
          "plugins-url",
          `plugin "${plugin.name}": url is not a valid URL`,
          ["plugins", index, "url"],
          lineOf,
        ),
      );
    }
    if (plugin.queue?.endsWith(".fifo")) {
      problems.push(
        problemAt(
          "plugins-queue-fifo",
          `plugin "${plugin.name}": queue ${FIFO_QUEUE_REFUSAL}`,
          ["plugins", index, "queue"],
          lineOf,
        ),
      );
    }
    const variable = plugin.secret?.slice("env:".length);
    const secret = variable === undefined ? undefined : options.env?.[variable];
    if (variable !== undefined && options.env && !secret) {
      problems.push(
        problemAt(
          "plugins-secret-env",
          `plugin "${plugin.name}": secret names the environment variable ${variable}, which is not set`,
          ["plugins", index, "secret"],
          lineOf,
        ),
      );
    }
    const short = secret ? signingKeyProblem(secret) : undefined;
    if (short) {
      problems.push(
        problemAt(
          "plugins-secret-length",
          `plugin "${plugin.name}": the environment variable ${variable} (its secret) ${short}`,
          ["plugins", index, "secret"],
          lineOf,
        ),
      );
    }
  });
  return problems;
}

/** A valid entry as its typed declaration. */
function declaration(entry: PluginsDocument["plugins"][number]): PluginDeclaration {
  const subscriptions = entry.subscriptions ?? [];
  switch (entry.kind) {
    case "log":
      return { name: entry.name, kind: "log", subscriptions };
    case "webhook":
      return {
        name: entry.name,
        kind: "webhook",
        url: entry.url as string,
        secretEnv: (entry.secret as string).slice("env:".length),
        subscriptions,
      };
    case "notifier":
      return {
        name: entry.name,
        kind: "notifier",
        ...(entry.url === undefined ? {} : { url: entry.url }),
        subscriptions: entry.subscriptions ?? [{ events: [...NOTIFIER_EVENTS] as FlowEventType[] }],
      };
    case "queue":
      return { name: entry.name, kind: "queue", queueArn: entry.queue as string, subscriptions };
    default:
      return {
        name: entry.name,
        kind: entry.kind,
        handler: entry.handler as string,
        subscriptions,
      };
  }
}

/**
 * Parses the text of a plugins file (`plugins.yaml`, YAML or JSON) and checks it against
 * `schema/baton-plugins.schema.json`, then that names are unique, URLs parse, no queue is a
 * FIFO queue and (given `env`) every webhook's secret variable is set and holds 256 bits. Returns the typed declarations, or every
 * problem with its line; never throws. An empty file declares no plugins. Pure: reading the
 * file is the caller's job.
 *
 * @example
 * const loaded = parsePlugins("plugins:\n  - { name: audit, kind: log, subscriptions: [{ events: [flow.ended] }] }\n", "plugins.yaml");
 * loaded.plugins?.[0]?.kind; // "log"
 */
export function parsePlugins(
  text: string,
  file: string,
  options: PluginsParseOptions = {},
): LoadedPlugins {
  const source = parseSourceDocument(text, /\.json$/i.test(file) ? "json" : "yaml");
  if (source.problems.length > 0) return { file, problems: source.problems };
  if (source.value === undefined || source.value === null)
    return { file, plugins: [], problems: [] };
  const validate = pluginsValidator();
  if (!validate(source.value)) {
    return { file, problems: schemaProblems(validate.errors ?? [], source.value, source.lineOf) };
  }
  const document = source.value as PluginsDocument;
  const problems = fileProblems(document, source.lineOf, options);
  if (problems.length > 0) return { file, problems };
  return { file, plugins: document.plugins.map(declaration), problems: [] };
}
