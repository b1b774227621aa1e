import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StartExecutionCommandInput } from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import { awsClients } from "../../lambdas/adapters/aws/aws-clients.ts";
import { buildBackendFromEnv } from "../../lambdas/handlers/backend-from-env.ts";
import { answerAwsRequests } from "../support/answer-aws-requests.ts";
import { approval, flow } from "../support/template-builder.ts";

const ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:baton-expense:v2";
const folder = mkdtempSync(join(tmpdir(), "baton-env-"));
const templatesFile = join(folder, "templates.json");
writeFileSync(
  templatesFile,
  JSON.stringify(
    [1, 2].map((version) => ({
      ...flow([approval("a", ["ann"])], ["start>a", "a>end"]),
      id: "expense",
      version,
    })),
  ),
);
const notJsonFile = join(folder, "not-json.json");
writeFileSync(notJsonFile, "[{");
const objectFile = join(folder, "object.json");
writeFileSync(objectFile, "{}");

const env = {
  TABLE_NAME: "baton-dev",
  BUS_NAME: "baton-dev",
  STATE_MACHINE_ARNS: JSON.stringify({ expense: { "2": ARN } }),
  PLUGIN_FUNCTIONS: JSON.stringify({ "erp.pay": "baton-erp-pay" }),
  PUBLIC_URL: "https://baton.example.com",
  TEMPLATES_FILE: templatesFile,
  DIRECTORY_ROLES: JSON.stringify({ dba: ["dana"] }),
  REMINDER_GROUP: "baton-dev",
  REMINDERS_FUNCTION_ARN: "arn:aws:lambda:eu-west-1:123456789012:function:baton-reminders",
  REMINDER_ROLE_ARN: "arn:aws:iam::123456789012:role/baton-scheduler",
  BATON_CALLBACK_KEY: "c".repeat(43),
  BATON_LINK_KEY: "l".repeat(43),
  BATON_AUDIT_KEY: "a".repeat(43),
};
const clients = () => awsClients({ region: "eu-west-1", endpoint: "http://127.0.0.1:9" });

describe("buildBackendFromEnv", () => {
  it("builds the backend the variables describe", async () => {
    const aws = clients();
    const sent = answerAwsRequests(aws.sfn, () => ({ executionArn: "arn:…:execution:x" }));
    const backend = buildBackendFromEnv(env, aws);

    await backend.executions.start("expense", 2, "01J", {
      instance: { tenant: "default", id: "01J" },
      input: {},
      nodes: {},
    });

    expect(sent.map(({ input }) => (input as StartExecutionCommandInput).stateMachineArn)).toEqual([
      ARN,
    ]);
    await expect(backend.executions.start("expense", 1, "01K", {} as never)).rejects.toThrow(
      "no state machine runs expense v1",
    );
    expect((await backend.templates.get("expense"))?.version).toBe(2);
    expect((await backend.templates.get("expense", 1))?.version).toBe(1);
    expect(backend.directory.usersInRole("dba")).toEqual(["dana"]);
    expect(backend.publicUrl).toBe("https://baton.example.com");
    expect(backend.secrets).toEqual({
      callbackKey: env.BATON_CALLBACK_KEY,
      linkKey: env.BATON_LINK_KEY,
      auditKey: env.BATON_AUDIT_KEY,
    });
  });

  it.each([
    [{ TABLE_NAME: undefined }, "environment variable TABLE_NAME is not set"],
    [{ STATE_MACHINE_ARNS: "{" }, "environment variable STATE_MACHINE_ARNS is not JSON"],
    [
      { STATE_MACHINE_ARNS: JSON.stringify({ expense: ARN }) },
      "environment variable STATE_MACHINE_ARNS does not have the documented shape",
    ],
    [
      { PLUGIN_FUNCTIONS: "[]" },
      "environment variable PLUGIN_FUNCTIONS does not have the documented shape",
    ],
    [
      { BATON_LINK_KEY: "short" },
      "environment variable BATON_LINK_KEY must hold at least 256 bits",
    ],
    [{ TEMPLATES_FILE: undefined }, "environment variable LAMBDA_TASK_ROOT is not set"],
    [{ REMINDER_ROLE_ARN: "" }, "environment variable REMINDER_ROLE_ARN is not set"],
    [{ STATE_MACHINE_ARNS: "" }, "environment variable STATE_MACHINE_ARNS is not set"],
    [
      { TEMPLATES_FILE: join(folder, "missing.json") },
      `environment variable TEMPLATES_FILE names ${join(folder, "missing.json")}, which cannot be read (ENOENT)`,
    ],
    [
      { TEMPLATES_FILE: notJsonFile },
      `environment variable TEMPLATES_FILE names ${notJsonFile}, which is not JSON`,
    ],
    [
      { TEMPLATES_FILE: objectFile },
      `environment variable TEMPLATES_FILE names ${objectFile}, which does not hold an array of templates`,
    ],
  ])("refuses %o, naming the variable", (change, message) => {
    expect(() => buildBackendFromEnv({ ...env, ...change }, clients())).toThrow(message);
  });
});
