import { readFileSync } from "node:fs";
import { Template } from "aws-cdk-lib/assertions";
import { Code, Function as LambdaFunction, Runtime } from "aws-cdk-lib/aws-lambda";
import { describe, expect, it } from "vitest";
import { HANDLER_ESBUILD_OPTIONS } from "../../cdk/handler-bundling.ts";
import {
  installedPowertoolsVersion,
  powertoolsLayer,
  powertoolsLayerParameter,
} from "../../cdk/powertools-layer.ts";
import { probeStack } from "../support/cdk-probe.ts";

const loggerVersion = (
  JSON.parse(readFileSync("node_modules/@aws-lambda-powertools/logger/package.json", "utf8")) as {
    version: string;
  }
).version;

describe("powertoolsLayer", () => {
  it("is the installed release's layer, its ARN read from AWS's parameter at deploy, one parameter a stack", () => {
    const stack = probeStack();
    for (const id of ["A", "B"]) {
      new LambdaFunction(stack, id, {
        runtime: Runtime.NODEJS_22_X,
        handler: "index.handler",
        code: Code.fromInline("export const handler = async () => ({});"),
        layers: [powertoolsLayer(stack, `${id}Powertools`)],
      });
    }
    const template = Template.fromStack(stack);

    expect(installedPowertoolsVersion()).toBe(loggerVersion);
    const parameters = template.findParameters("*", {
      Type: "AWS::SSM::Parameter::Value<String>",
      Default: powertoolsLayerParameter(loggerVersion),
    });
    expect(Object.keys(parameters)).toHaveLength(1);
    const [parameter] = Object.keys(parameters);
    template.resourcePropertiesCountIs(
      "AWS::Lambda::Function",
      { Layers: [{ Ref: parameter }] },
      2,
    );
  });

  it("is what the handlers' bundles leave out, beside the AWS SDK", () => {
    expect(HANDLER_ESBUILD_OPTIONS.external).toContain("@aws-lambda-powertools/*");
    expect(HANDLER_ESBUILD_OPTIONS.external).toContain("@aws-sdk/*");
  });
});
