import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AttributeType, Table } from "aws-cdk-lib/aws-dynamodb";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import { batonAppAsCli } from "./baton-app-as-cli.ts";

/** One violation of the validation report that `cdk synth` writes when validation fails. */
interface ReportedViolation {
  readonly ruleName: string;
  readonly violatingConstructs: readonly { readonly constructPath: string }[];
}

describe("cdk-nag AwsSolutions and Serverless checks", () => {
  it.each(["dev", "prod"])("find nothing to report in the %s stack", (env) => {
    // Prepare
    const { app, stack } = batonAppAsCli(env);
    // Act
    const findings = [
      ...new AwsSolutionsChecks(app).validateScope(stack).violations,
      ...new ServerlessChecks(app).validateScope(stack).violations,
    ].map((v) => ({
      rule: v.ruleName,
      severity: v.severity,
      at: v.violatingResources.map((r) => r.constructPath),
    }));
    // Assess: no error nor warning left, and synthesis (which runs every check of the app) passes.
    expect(findings).toEqual([]);
    expect(() => app.synth()).not.toThrow();
  });

  it("run on every synthesis of the app: a table without point-in-time recovery fails it (AwsSolutions-DDB3)", () => {
    // Prepare
    const { app, stack } = batonAppAsCli();
    new Table(stack, "Unprotected", { partitionKey: { name: "pk", type: AttributeType.STRING } });
    // Act
    let failure: unknown;
    try {
      app.synth();
    } catch (error) {
      failure = error;
    }
    // Assess
    expect(failure).toBeInstanceOf(Error);
    const report = JSON.parse(readFileSync(join(app.outdir, "validation-report.json"), "utf8"));
    const violations: ReportedViolation[] = report.pluginReports.flatMap(
      (plugin: { pluginName: string; violations: ReportedViolation[] }) =>
        plugin.pluginName === "AwsSolutions" ? plugin.violations : [],
    );
    expect(
      violations.map((v) => [v.ruleName, v.violatingConstructs.map((c) => c.constructPath)]),
    ).toEqual([["AwsSolutions-DDB3", ["Baton-dev/Unprotected/Resource"]]]);
  });
});
