import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";
import {
  HANDLER_ACCESS,
  type HandlerAccess,
  type PortName,
  portsOf,
  relaysVerdicts,
} from "../../cdk/handler-access.ts";
import {
  HANDLER_NAMES,
  type HandlerName,
  handlerBuildOptions,
  handlerEntry,
} from "../../cdk/handler-bundling.ts";
import type { AwsPortName, HandlerWiring } from "../../lambdas/handlers/backend-ports.ts";
import { directVerdicts } from "../../lambdas/handlers/direct-verdicts-from-env.ts";
import { relayedVerdicts } from "../../lambdas/handlers/relayed-verdicts-from-env.ts";
import { handlerCodeCalls } from "../support/handler-code-calls.ts";
import { staticExternals } from "../support/static-externals.ts";

/**
 * The handlers' port names and CDK's are one set: each a subtype of the other, or this file
 * does not compile.
 */
const samePortNames: [PortName, AwsPortName] extends [AwsPortName, PortName] ? true : false = true;

/** The AWS SDK packages a handler's code needs, by its HANDLER_ACCESS row alone. */
function sdkPackagesOf(access: HandlerAccess): string[] {
  if (!access.backend) return [];
  const relay = relaysVerdicts(access) ? "@aws-sdk/client-lambda" : "@aws-sdk/client-sfn";
  const byPort: Record<AwsPortName, string> = {
    tasks: "@aws-sdk/client-sfn",
    executions: "@aws-sdk/client-sfn",
    bus: "@aws-sdk/client-eventbridge",
    plugins: "@aws-sdk/client-lambda",
    scheduler: "@aws-sdk/client-scheduler",
    verdicts: relay,
  };
  const packages = new Set(["@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb"]);
  for (const port of portsOf(access)) packages.add(byPort[port]);
  if (access.readsExecutionHistory) packages.add("@aws-sdk/client-sfn");
  if (access.readsTableStream) packages.add("@aws-sdk/util-dynamodb");
  return [...packages].sort();
}

/** esbuild's metafile of a handler's deployed bundle. */
async function metafileOfBundle(name: HandlerName): Promise<Metafile> {
  const { metafile } = await build({
    ...handlerBuildOptions(name),
    outfile: `${name}.mjs`,
    write: false,
    metafile: true,
    logLevel: "error",
  });
  return metafile;
}

/** The modules a handler's deployed bundle imports as it loads, of the AWS SDK. */
async function sdkImportsOfBundle(name: HandlerName): Promise<string[]> {
  return staticExternals(await metafileOfBundle(name)).filter((path) =>
    path.startsWith("@aws-sdk/"),
  );
}

/** The modules that read signing keys from Secrets Manager and hold them to the length rule. */
const KEY_READING = [
  "lambdas/adapters/aws/secrets-manager-source.ts",
  "lambdas/handlers/variables-from-secrets.ts",
  "lambdas/core/security/signing-key-length.ts",
];

describe("each handler wires the AWS ports of its HANDLER_ACCESS row, and loads only theirs", () => {
  it.each(HANDLER_NAMES)(
    "the %s entry wires exactly the ports and keys its code uses",
    async (name) => {
      // Act
      const entry = (await import(handlerEntry(name))) as { wiring?: HandlerWiring };
      // Assess: a port the row has but the wiring lacks would refuse its call on AWS
      // (PortNotWiredError); one the wiring has but the row lacks loads an SDK client for nothing
      const access = HANDLER_ACCESS[name];
      if (!access.backend) {
        expect(entry.wiring).toBeUndefined();
        return;
      }
      expect(entry.wiring?.handler).toBe(name);
      expect(Object.keys(entry.wiring?.ports ?? {}).sort()).toEqual(portsOf(access));
      // A key the row has but the wiring lacks would be refused on AWS (SigningKeyNotWiredError);
      // one the wiring has but the row lacks would fail the build: its function is not given it
      expect([...(entry.wiring?.keys ?? [])].sort()).toEqual([...access.keys].sort());
      if (access.ports.includes("verdicts.deliver")) {
        expect(entry.wiring?.ports.verdicts).toBe(
          relaysVerdicts(access) ? relayedVerdicts : directVerdicts,
        );
      }
    },
  );

  it.each(HANDLER_NAMES)("the %s entry wires exactly the stores its code calls", async (name) => {
    // Act
    const entry = (await import(handlerEntry(name))) as { wiring?: HandlerWiring };
    // Assess: a store the row calls but the wiring lacks would refuse the call
    // (PortNotWiredError); one the wiring has but the row lacks is an adapter bundled for
    // nothing. The loop state is every backend's.
    const access = HANDLER_ACCESS[name];
    const stores = new Set(access.stores.map((call) => call.split(".")[0]));
    stores.delete("loopStates");
    expect(Object.keys(entry.wiring?.stores ?? {}).sort()).toEqual([...stores].sort());
  });

  it.each(HANDLER_NAMES)("the %s entry wires ids exactly when its code makes one", async (name) => {
    // Act
    const entry = (await import(handlerEntry(name))) as { wiring?: HandlerWiring };
    const { ids } = await handlerCodeCalls(name);
    // Assess: unwired, making one would throw PortNotWiredError; wired without a use, the
    // generator is bundled for nothing
    expect(entry.wiring?.ids !== undefined).toBe(ids.length > 0);
  });

  it.each(HANDLER_NAMES)(
    "the %s entry wires schema validators exactly when its code checks a schema",
    async (name) => {
      // Act
      const entry = (await import(handlerEntry(name))) as { wiring?: HandlerWiring };
      const { schemas } = await handlerCodeCalls(name);
      // Assess: unwired, a check would throw PortNotWiredError; wired without a use, the
      // compiled validators are bundled for nothing
      expect(entry.wiring?.schemas !== undefined).toBe(schemas);
    },
  );

  it.each(HANDLER_NAMES)(
    "the %s bundle imports the SDK packages of its row's ports and no other",
    async (name) => {
      // Act
      const imported = await sdkImportsOfBundle(name);
      // Assess
      expect(imported).toEqual(sdkPackagesOf(HANDLER_ACCESS[name]));
    },
  );

  it.each(HANDLER_NAMES)(
    "the %s bundle reads secrets and holds keys to the length rule only if its row has keys",
    async (name) => {
      // Act
      const metafile = await metafileOfBundle(name);
      const outputs = Object.values(metafile.outputs);
      const inputs = new Set(outputs.flatMap((output) => Object.keys(output.inputs)));
      const imports = new Set(outputs.flatMap((output) => output.imports.map(({ path }) => path)));
      // Assess: a bundle whose handler wires no key neither reads its keys nor carries the code
      const wiresKeys = HANDLER_ACCESS[name].keys.length > 0;
      for (const module of KEY_READING) expect(inputs.has(module), module).toBe(wiresKeys);
      expect(imports.has("@aws-sdk/client-secrets-manager")).toBe(wiresKeys);
    },
  );

  it("the rows differ, so the bundles do (the check itself can fail)", () => {
    expect(samePortNames).toBe(true);
    // Act
    const step = sdkPackagesOf(HANDLER_ACCESS.step);
    const plugins = sdkPackagesOf(HANDLER_ACCESS.plugins);
    // Assess
    expect(step).toEqual(["@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb"]);
    expect(sdkPackagesOf(HANDLER_ACCESS["execution-facts"])).toContain(
      "@aws-sdk/client-eventbridge",
    );
    expect(plugins).toContain("@aws-sdk/client-scheduler");
    expect(plugins).not.toContain("@aws-sdk/client-sfn");
  });
});
