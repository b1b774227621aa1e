import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { App, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { build } from "esbuild";
import { afterEach, describe, expect, it } from "vitest";
import { loadDeployedDefinitions } from "../../cdk/deployed-definitions.ts";
import {
  ESM_REQUIRE_BANNER,
  type HandlerName,
  handlerBuildOptions,
} from "../../cdk/handler-bundling.ts";
import { HandlerFunction } from "../../cdk/handler-function.ts";
import { stageTemplatesFile } from "../../cdk/templates-file.ts";
import { probeStack } from "../support/cdk-probe.ts";
import { cdkJson, TEST_ACCOUNT, TEST_REGION } from "./baton-app-as-cli.ts";

const definitions = await loadDeployedDefinitions("definitions");
const docker = process.env.CDK_DOCKER;

/** The folder of the asset a synthesized function's code is, in the app's output. */
function assetFolder(app: App, template: Template, functionName: string): string {
  const [fn] = Object.values(
    template.findResources("AWS::Lambda::Function", { Properties: { FunctionName: functionName } }),
  );
  const code = fn?.Properties.Code as { S3Key: string };
  return join(app.outdir, `asset.${code.S3Key.replace(/\.zip$/, "")}`);
}

/** What esbuild's JS API makes of `handlerBuildOptions(name, templates)`, as the bench and tests bundle. */
async function builtBundle(name: HandlerName): Promise<Buffer> {
  const { outputFiles } = await build({
    ...handlerBuildOptions(name, definitions.templates),
    outfile: "index.mjs",
    write: false,
    logLevel: "error",
  });
  return Buffer.from(outputFiles[0]?.contents ?? []);
}

afterEach(() => {
  if (docker === undefined) delete process.env.CDK_DOCKER;
  else process.env.CDK_DOCKER = docker;
});

describe("HandlerFunction", () => {
  it("is bundled by the local esbuild, never Docker, with templates.json beside index.mjs", () => {
    // Prepare: bundling on (no NO_BUNDLING), and a Docker that cannot run: were the bundle
    // built in a container, synthesis would fail
    process.env.CDK_DOCKER = "/nonexistent/docker-must-not-run";
    const app = new App({ context: { ...cdkJson.context } });
    const stack = new Stack(app, "Bundled", {
      env: { account: TEST_ACCOUNT, region: TEST_REGION },
    });
    new HandlerFunction(stack, "Reminders", {
      handler: "reminders",
      functionName: "baton-test-reminders",
      templates: definitions.templates,
    });

    // Act
    const template = Template.fromStack(stack);
    const code = Object.values(template.findResources("AWS::Lambda::Function"))[0]?.Properties
      .Code as { S3Key: string };
    const asset = join(app.outdir, `asset.${code.S3Key.replace(/\.zip$/, "")}`);

    // Assess: the bundle our esbuild options make (ESM with the require banner), and every
    // deployed template version in templates.json
    expect(readdirSync(asset).sort()).toEqual(["index.mjs", "templates.json"]);
    expect(readFileSync(join(asset, "index.mjs"), "utf8").startsWith(ESM_REQUIRE_BANNER)).toBe(
      true,
    );
    expect(JSON.parse(readFileSync(join(asset, "templates.json"), "utf8"))).toEqual(
      JSON.parse(JSON.stringify(definitions.templates)),
    );
  });

  it("deploys, byte for byte, the bundle handlerBuildOptions builds (the api's and a backend handler's)", async () => {
    // Prepare: bundling on, the api (which has the deployed templates' schemas injected) and the sweeper, whose bundle
    // holds non-ASCII characters that esbuild escapes unless told the charset is UTF-8
    const app = new App({ context: { ...cdkJson.context } });
    const stack = new Stack(app, "Deployed", {
      env: { account: TEST_ACCOUNT, region: TEST_REGION },
    });
    const names = ["api", "sweeper"] as const;
    for (const name of names) {
      new HandlerFunction(stack, name, {
        handler: name,
        functionName: `baton-test-${name}`,
        templates: definitions.templates,
      });
    }

    // Act
    const template = Template.fromStack(stack);

    // Assess: the same bytes, so the bench's and the bundle tests' figures are the deployment's
    for (const name of names) {
      const deployed = readFileSync(
        join(assetFolder(app, template, `baton-test-${name}`), "index.mjs"),
      );
      const built = await builtBundle(name);
      expect(deployed.length, name).toBe(built.length);
      expect(deployed.equals(built), name).toBe(true);
    }
  });

  it("writes no templates file where the stack is not bundled", () => {
    // Act
    const file = stageTemplatesFile(probeStack(), definitions.templates);
    // Assess
    expect(file).toBeUndefined();
  });
});
