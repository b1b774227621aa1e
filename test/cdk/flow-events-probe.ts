import { readFileSync } from "node:fs";
import type { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { Code, Function as LambdaFunction, Runtime } from "aws-cdk-lib/aws-lambda";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { FlowBus } from "../../cdk/flow-bus.ts";
import { FlowEvents, type FlowEventsProps } from "../../cdk/flow-events.ts";
import { FlowResourceNames } from "../../cdk/flow-resource-names.ts";
import { FlowStore } from "../../cdk/flow-store.ts";
import { parsePlugins } from "../../lambdas/core/plugins/parse-plugins.ts";
import type { PluginDeclaration } from "../../lambdas/core/plugins/plugin-declaration.ts";
import { probeStack } from "../support/cdk-probe.ts";
import { TEST_ACCOUNT, TEST_REGION } from "./baton-app-as-cli.ts";

/** The link key's secret the probe's notifier functions are given (imported: no resource). */
export const PROBE_LINK_KEY_ARN = `arn:aws:secretsmanager:${TEST_REGION}:${TEST_ACCOUNT}:secret:baton-test/link-key-AbC123`;

/** The public URL the probe's notifier functions are given. */
export const PROBE_PUBLIC_URL = "https://baton.example.com";

/** The plugins file of every kind (`test/fixtures/deployed-plugins/plugins.yaml`), parsed. */
export function fixturePlugins(): PluginDeclaration[] {
  const file = new URL("../fixtures/deployed-plugins/plugins.yaml", import.meta.url);
  const loaded = parsePlugins(readFileSync(file, "utf8"), "plugins.yaml");
  if (!loaded.plugins) throw new Error(`fixture refused: ${JSON.stringify(loaded.problems)}`);
  return loaded.plugins;
}

/** A stand-in for one of the engine's handlers (FlowHandlers makes the real ones). */
export function standInFunction(stack: Stack, id: string): LambdaFunction {
  return new LambdaFunction(stack, id, {
    runtime: Runtime.NODEJS_22_X,
    handler: "index.handler",
    code: Code.fromInline("exports.handler = async () => {};"),
  });
}

/** A probe stack holding a `FlowEvents` of environment `test` and what it needs. */
export interface FlowEventsProbe {
  readonly stack: Stack;
  readonly events: FlowEvents;
  /** The stack's template, synthesized on first read (the stack cannot change after). */
  readonly template: Template;
  readonly reconciler: LambdaFunction;
  readonly sweeper: LambdaFunction;
  readonly executionFacts: LambdaFunction;
  readonly bus: FlowBus;
  readonly store: FlowStore;
}

/**
 * Builds `FlowEvents` (id `Events`) in a probe stack with the fixture's plugins (or the given
 * ones), a streaming `FlowStore`, a `FlowBus` named `baton-test`, stand-in functions
 * (`Reconciler`, `Sweeper`, `ExecutionFacts`), the link key's secret imported from
 * {@link PROBE_LINK_KEY_ARN} and {@link PROBE_PUBLIC_URL}, bundling off.
 */
export function flowEventsProbe(overrides: Partial<FlowEventsProps> = {}): FlowEventsProbe {
  const stack = probeStack();
  const store = new FlowStore(stack, "Store", { stream: true });
  const bus = new FlowBus(stack, "Bus", { eventBusName: "baton-test" });
  const reconciler = standInFunction(stack, "Reconciler");
  const sweeper = standInFunction(stack, "Sweeper");
  const executionFacts = standInFunction(stack, "ExecutionFacts");
  const events = new FlowEvents(stack, "Events", {
    bus: bus.bus,
    names: new FlowResourceNames("test"),
    plugins: fixturePlugins(),
    table: store.table,
    reconciler,
    sweeper,
    executionFacts,
    linkKey: Secret.fromSecretCompleteArn(stack, "LinkKey", PROBE_LINK_KEY_ARN),
    publicUrl: PROBE_PUBLIC_URL,
    ...overrides,
  });
  let template: Template | undefined;
  return {
    stack,
    events,
    get template() {
      template ??= Template.fromStack(stack);
      return template;
    },
    reconciler,
    sweeper,
    executionFacts,
    bus,
    store,
  };
}
