import { fnv1a32 } from "../lambdas/core/contract/fnv1a32.ts";
import type { PluginDeclaration } from "../lambdas/core/plugins/plugin-declaration.ts";
import type { FlowResourceNames } from "./flow-resource-names.ts";

/** The longest name Lambda gives a function. */
const FUNCTION_NAME_LIMIT = 64;
/** The longest name SQS gives a queue. */
const QUEUE_NAME_LIMIT = 80;

/**
 * A name within a service's limit: whole when it fits, else cut and followed by 8 hex digits of
 * the FNV-1a hash of the whole name, so two long names still differ.
 */
function within(limit: number, head: string, tail: string): string {
  const whole = `${head}${tail}`;
  if (whole.length <= limit) return whole;
  const hash = `-${fnv1a32(whole).toString(16).padStart(8, "0")}`;
  return `${head.slice(0, limit - tail.length - hash.length)}${hash}${tail}`;
}

/**
 * The fixed names of what one environment deploys for its plugins, beside
 * {@link FlowResourceNames}. A plugin name (`erp.pay`) keeps its letters, digits and hyphens;
 * its dots become underscores, which plugin names never hold, so two plugins never share a name.
 *
 * @example
 * const names = new PluginResourceNames(new FlowResourceNames("prod"));
 * names.function("erp.pay"); // "baton-prod-plugin-erp_pay"
 */
export class PluginResourceNames {
  readonly #names: FlowResourceNames;

  constructor(names: FlowResourceNames) {
    this.#names = names;
  }

  /** A user plugin's Lambda function: `baton-<env>-plugin-<name>`. */
  function(plugin: string): string {
    return within(FUNCTION_NAME_LIMIT, `${this.#names.prefix}-plugin-${slug(plugin)}`, "");
  }

  /**
   * The handlers' `PLUGIN_FUNCTIONS`: each user plugin's function name, by plugin name, known
   * from the declarations alone — so the engine's functions can be given it before the
   * plugins' functions exist (they are made after, from the engine's functions).
   *
   * @example
   * environment: { PLUGIN_FUNCTIONS: JSON.stringify(pluginNames.userPluginFunctions(definitions.plugins)) }
   */
  userPluginFunctions(plugins: readonly PluginDeclaration[]): Record<string, string> {
    return Object.fromEntries(
      plugins
        .filter((plugin) => plugin.kind === "node" || plugin.kind === "python")
        .map((plugin) => [plugin.name, this.function(plugin.name)]),
    );
  }

  /** The dead-letter queue of a plugin's subscriptions: `baton-<env>-plugin-<name>-dlq`. */
  deadLetterQueue(plugin: string): string {
    return within(QUEUE_NAME_LIMIT, `${this.#names.prefix}-plugin-${slug(plugin)}`, "-dlq");
  }

  /** The dead-letter queue of one of the engine's own event sources: `baton-<env>-<what>-dlq`. */
  engineDeadLetterQueue(what: "reconciler" | "execution-facts"): string {
    return `${this.#names.prefix}-${what}-dlq`;
  }

  /** The log group a `log` or `notifier` plugin writes to: `/baton/<env>/plugins/<name>`. */
  logGroup(plugin: string): string {
    return `${this.logGroupPrefix}${plugin}`;
  }

  /** What every plugin log group's name starts with: `/baton/<env>/plugins/`. */
  get logGroupPrefix(): string {
    return `/baton/${this.#names.environmentName}/plugins/`;
  }

  /** The Secrets Manager secret of a webhook's connection: `baton-<env>/webhooks/<name>`. */
  webhookSecret(plugin: string): string {
    return `${this.#names.prefix}/webhooks/${plugin}`;
  }
}

/** A plugin name as a part of a Lambda or SQS name. */
function slug(plugin: string): string {
  return plugin.replaceAll(".", "_");
}
