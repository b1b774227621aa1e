import { appendFile, cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import { createBatonApp } from "../../cdk/baton-app.ts";
import { loadDeployedDefinitions } from "../../cdk/deployed-definitions.ts";
import { UNSERVED_PLUGIN_WARNING } from "../../cdk/unserved-plugin-warnings.ts";
import { cdkJson, NO_BUNDLING, TEST_ACCOUNT, TEST_REGION } from "./baton-app-as-cli.ts";

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** The repository's definitions/ with its two example user plugins declared, as deployment.md shows. */
async function definitionsWithExamplePlugins(): Promise<string> {
  const folder = join(await mkdtemp(join(tmpdir(), "baton-user-plugins-")), "definitions");
  await cp("definitions", folder, { recursive: true });
  await appendFile(
    join(folder, "plugins.yaml"),
    [
      "  - name: cache.provision",
      "    kind: node",
      "    handler: plugins/cache-provision/index.ts",
      "  - name: link.safety-scan",
      "    kind: python",
      "    handler: plugins/link-safety-scan/handler.py",
      "",
    ].join("\n"),
  );
  return folder;
}

// One app, as `cdk synth -c env=dev` builds it from such a folder (bundling off).
const { app, stack } = createBatonApp({
  definitions: await loadDeployedDefinitions(await definitionsWithExamplePlugins()),
  context: { ...cdkJson.context, ...NO_BUNDLING, env: "dev" },
  account: TEST_ACCOUNT,
  region: TEST_REGION,
});
/** The stack's resources, synthesized on first use (a failed validation fails the test asking). */
let synthesized: Resources | undefined;
function resources(): Resources {
  synthesized ??= Template.fromStack(stack).toJSON().Resources as Resources;
  return synthesized;
}
const idOfFunction = (name: string): string | undefined =>
  Object.entries(resources()).find(
    ([, r]) => r.Type === "AWS::Lambda::Function" && r.Properties.FunctionName === name,
  )?.[0];

describe("the Baton app with the example user plugins declared", () => {
  it("leaves nothing unacknowledged for cdk-nag's AwsSolutions and Serverless checks, and synthesizes", () => {
    const findings = [
      ...new AwsSolutionsChecks(app).validateScope(stack).violations,
      ...new ServerlessChecks(app).validateScope(stack).violations,
    ].map((v) => ({ rule: v.ruleName, at: v.violatingResources.map((r) => r.constructPath) }));
    expect(findings).toEqual([]);
    expect(() => app.synth()).not.toThrow();
  });

  it("deploys a Node function and a Python function with the SDK layer", () => {
    const node = resources()[idOfFunction("baton-dev-plugin-cache_provision") ?? ""];
    const python = resources()[idOfFunction("baton-dev-plugin-link_safety-scan") ?? ""];
    expect(node?.Properties).toMatchObject({ Runtime: "nodejs22.x", Handler: "index.handler" });
    expect(python?.Properties).toMatchObject({ Runtime: "python3.12", Handler: "handler.handler" });
    expect(python?.Properties.Layers).toHaveLength(1);
  });

  it("lets the plugins handler invoke exactly the plugins' functions: no qualifier wildcard", () => {
    const role = resources()[idOfFunction("baton-dev-plugins") ?? ""]?.Properties.Role as {
      "Fn::GetAtt": [string, string];
    };
    const invoked = Object.values(resources())
      .filter(
        (r) =>
          r.Type === "AWS::IAM::Policy" &&
          (r.Properties.Roles as unknown[]).some(
            (ref) => JSON.stringify(ref) === JSON.stringify({ Ref: role["Fn::GetAtt"][0] }),
          ),
      )
      .flatMap(
        (r) => (r.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
      )
      .filter((s) => [s.Action].flat().includes("lambda:InvokeFunction"))
      .flatMap((s) => [s.Resource].flat());
    for (const name of ["baton-dev-plugin-cache_provision", "baton-dev-plugin-link_safety-scan"]) {
      expect(invoked).toContainEqual({ "Fn::GetAtt": [idOfFunction(name), "Arn"] });
    }
    expect(invoked.filter((resource) => JSON.stringify(resource).includes("*"))).toEqual([]);
  });

  it("warns at synthesis of each plugin a task names that no function serves, and of no other", () => {
    const warnings = Annotations.fromStack(stack)
      .findWarning("*", Match.stringLikeRegexp(`\\[ack: ${UNSERVED_PLUGIN_WARNING}\\]`))
      .map((warning) => String(warning.entry.data));
    const named = warnings.map((text) => /plugin "([^"]+)"/.exec(text)?.[1]);
    expect(named).toContain("ci.build");
    expect(named).toContain("push.schedule");
    expect(named).not.toContain("cache.provision");
    expect(named).not.toContain("link.safety-scan");
    expect(warnings.find((text) => text.includes('"ci.build"'))).toContain(
      "(devops-release v1 build)",
    );
  });
});
