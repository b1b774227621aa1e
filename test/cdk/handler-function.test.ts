import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { App, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { afterEach, describe, expect, it } from "vitest";
import { loadDeployedDefinitions } from "../../cdk/deployed-definitions.ts";
import { ESM_REQUIRE_BANNER } from "../../cdk/handler-bundling.ts";
import { HandlerFunction } from "../../cdk/handler-function.ts";
import { stageTemplatesFile } from "../../cdk/templates-file.ts";
import { probeStack } from "../support/cdk-probe.ts";
import { cdkJson, TEST_ACCOUNT, TEST_REGION } from "./baton-app-as-cli.ts";

const definitions = await loadDeployedDefinitions("definitions");
const docker = process.env.CDK_DOCKER;

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
    const templatesFile = stageTemplatesFile(stack, definitions.templates);
    new HandlerFunction(stack, "Reminders", {
      handler: "reminders",
      functionName: "baton-test-reminders",
      ...(templatesFile === undefined ? {} : { templatesFile }),
    });

    // Act
    const template = Template.fromStack(stack);
    const code = Object.values(template.findResources("AWS::Lambda::Function"))[0]?.Properties
      .Code as { S3Key: string };
    const asset = join(app.outdir, `asset.${code.S3Key.replace(/\.zip$/, "")}`);

    // Assess: the bundle our esbuild options make (ESM with the require banner), and every
    // deployed template version in templates.json
    expect(templatesFile).toBeDefined();
    expect(readdirSync(asset).sort()).toEqual(["index.mjs", "templates.json"]);
    expect(readFileSync(join(asset, "index.mjs"), "utf8").startsWith(ESM_REQUIRE_BANNER)).toBe(
      true,
    );
    expect(JSON.parse(readFileSync(join(asset, "templates.json"), "utf8"))).toEqual(
      JSON.parse(JSON.stringify(definitions.templates)),
    );
  });

  it("writes no templates file where the stack is not bundled", () => {
    // Act
    const file = stageTemplatesFile(probeStack(), definitions.templates);
    // Assess
    expect(file).toBeUndefined();
  });
});
