import { readdirSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTemplateFileName } from "../../lambdas/core/template/template-file-name.ts";
import { baton } from "../support/run-baton.ts";

/** Three approvals in a row, one user each, no timeouts and no conditions. */
const CHAIN = `
id: three-approvals
version: 1
nodes:
  - { id: start, type: start }
  - { id: lead, type: approval, approvers: { users: [lena] } }
  - { id: finance, type: approval, approvers: { users: [fay] } }
  - { id: ceo, type: approval, approvers: { users: [cy] } }
  - { id: end, type: end }
edges:
  - { from: start, to: lead }
  - { from: lead, to: finance }
  - { from: finance, to: ceo }
  - { from: ceo, to: end }
`;

interface CostJson {
  states: number;
  happy: Record<string, unknown>;
  worst: Record<string, unknown>;
  scripts: Record<string, unknown>[];
}

/** A template whose input schema needs a pattern: no input can be generated for it. */
const PATTERNED = `
id: patterned
version: 1
input:
  type: object
  required: [sha]
  properties: { sha: { type: string, pattern: "^[0-9a-f]{40}$" } }
nodes:
  - { id: start, type: start }
  - { id: lead, type: approval, approvers: { users: [lena] } }
  - { id: end, type: end }
edges:
  - { from: start, to: lead }
  - { from: lead, to: end }
`;

let dir = "";
let chain = "";
let patterned = "";
let chainJson: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "baton-cost-"));
  chain = join(dir, "three-approvals.yaml");
  patterned = join(dir, "patterned.yaml");
  await writeFile(chain, CHAIN);
  await writeFile(patterned, PATTERNED);
  chainJson = await baton("cost", chain, "--json");
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/*
 * The counts below are read off the compiled definition of CHAIN (`baton compile`):
 * `Approve lead` → `Approve finance` → `Approve ceo` → `End: completed` → `Record end`, each
 * approval Task catching `Baton.Rejected` straight into `End: rejected` → `Record end`.
 *
 * Happy path: 5 transitions (3 parked Tasks, the End Pass, the Record end updateItem); 3 Lambda
 * invocations (one approval request per Task, none for routing); 35 DynamoDB writes, as the
 * backend's operations make them: 8 per instance (the start writes the instance, its execution
 * id, `flow.started` and the starter's inbox row; the end is the machine's status write, the
 * instance's end with its closing marker, `flow.ended` and the marker's removal) and 9 per approval (opened: the record, the approver's to-do
 * row, `node.activated`, `approval.requested`; decided: the record, the to-do row out and a done
 * row in, `approval.decided`, `node.completed`): 8 + 3 × 9.
 *
 * Rejecting `lead`: 3 transitions, 1 Lambda, 8 + 9 = 17 writes. Rejecting `ceo` costs what the
 * happy path costs, so the worst path is 5 / 3 / 35.
 *
 * If the compiler puts any state between the approvals, or a Lambda on the way, these fail.
 */
describe("baton cost", () => {
  it("measures the happy and the worst path of a 3-approval chain exactly", () => {
    // Act (in beforeAll)
    const result = chainJson;
    // Assess
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as CostJson;
    expect(report.happy).toMatchObject({
      status: "completed",
      stateTransitions: 5,
      lambdaInvocations: 3,
      dynamoDbWrites: 35,
    });
    expect(report.worst).toMatchObject({
      stateTransitions: 5,
      lambdaInvocations: 3,
      dynamoDbWrites: 35,
    });
  });

  it("runs one rejection script per approval, each as cheap as the definition says", () => {
    // Act (in beforeAll)
    const result = chainJson;
    // Assess
    const { scripts } = JSON.parse(result.stdout) as CostJson;
    expect(scripts.map((script) => script.script)).toEqual([
      "happy path",
      "reject lead",
      "reject finance",
      "reject ceo",
    ]);
    expect(scripts[1]).toMatchObject({
      status: "rejected",
      stateTransitions: 3,
      lambdaInvocations: 1,
      dynamoDbWrites: 17,
    });
    expect(scripts[2]).toMatchObject({
      status: "rejected",
      stateTransitions: 4,
      lambdaInvocations: 2,
      dynamoDbWrites: 26,
    });
  });

  it("counts every state and prints a table with both paths", async () => {
    // Act
    const result = await baton("cost", chain);
    // Assess
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(/^three-approvals v1: 7 states, [\d,]+ bytes \([\d.]+ KB\), /);
    expect(lines.find((line) => line.trim().startsWith("happy path"))).toMatch(
      /happy path\s+5\s+3\s+35\s+completed/,
    );
    expect(lines.find((line) => line.trim().startsWith("worst path"))).toMatch(
      /worst path\s+5\s+3\s+35\s/,
    );
  });

  it("prices 1,000 instances of each path from the price table, by service", () => {
    // Act (in beforeAll)
    const { dollarsPerThousand } = JSON.parse(chainJson.stdout) as {
      dollarsPerThousand: { happy: Record<string, number>; prices: Record<string, unknown> };
    };
    // Assess: 5 transitions, 3 invocations of 512 MB × 100 ms (0.05 GB-s each) and 35 writes,
    // a thousand times, at us-east-1's list prices.
    const lambda = 3_000 * (0.2 / 1e6 + 0.05 * 0.000_013_333_4);
    expect(dollarsPerThousand.happy.stateTransitions).toBeCloseTo(5_000 * 0.000_025, 10);
    expect(dollarsPerThousand.happy.lambda).toBeCloseTo(lambda, 10);
    expect(dollarsPerThousand.happy.dynamoDbWrites).toBeCloseTo(35_000 * 0.000_000_625, 10);
    expect(dollarsPerThousand.happy.total).toBeCloseTo(0.125 + lambda + 0.021_875, 10);
    expect(dollarsPerThousand.prices).toMatchObject({ region: "us-east-1", takenOn: "2026-12-02" });
  });

  it("prints the dollars per 1,000 instances beside the counts, with the prices' region and date", async () => {
    // Act
    const result = await baton("cost", chain);
    // Assess
    const lines = result.stdout.split("\n");
    const heading = lines.findIndex((line) => line.startsWith("dollars per 1,000 instances"));
    expect(lines[heading]).toContain("us-east-1 list prices of 2026-12-02");
    expect(lines[heading + 1]).toMatch(
      /^\s+happy path\s+\$0\.1495\s+\(transitions \$0\.1250, Lambda \$0\.0026, DynamoDB writes \$0\.0219\)$/,
    );
    expect(lines[heading + 2]).toMatch(/^\s+worst path\s+\$0\.1495/);
  });

  it("measures an example definition with its sample input", async () => {
    // Act
    const result = await baton(
      "cost",
      "definitions/cache-change.yaml",
      "--input",
      "@examples/cache-change.input.json",
      "--json",
    );
    // Assess
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as CostJson;
    expect(report.happy.status).toBe("completed");
    const happy = report.happy.stateTransitions as number;
    expect(report.worst.stateTransitions as number).toBeGreaterThanOrEqual(happy);
  });

  it.each(readdirSync("definitions").filter(isTemplateFileName))(
    "measures definitions/%s without --input, from the input its schema gives",
    async (name) => {
      // Act
      const result = await baton("cost", `definitions/${name}`, "--json");
      // Assess
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as CostJson;
      expect(report.happy.status).toBe("completed");
    },
  );

  it("refuses an input that breaks the template's schema with one line and exit 2", async () => {
    // Act
    const result = await baton("cost", "definitions/cache-change.yaml", "--input", "{}");
    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("--input");
  });

  it("takes a field's `examples` value where the generator cannot meet its pattern", async () => {
    // Prepare
    const exampled = join(dir, "exampled.yaml");
    await writeFile(
      exampled,
      PATTERNED.replace("id: patterned", "id: exampled").replace(
        'pattern: "^[0-9a-f]{40}$" }',
        `pattern: "^[0-9a-f]{40}$", examples: ["${"a".repeat(40)}"] }`,
      ),
    );
    // Act
    const result = await baton("cost", exampled, "--json");
    // Assess
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as CostJson).happy).toMatchObject({ status: "completed" });
  });

  it("asks for an input when none can be generated from the schema", async () => {
    // Act
    const result = await baton("cost", patterned);
    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("--input is needed");
    expect(result.stderr).toContain("`examples` value");
    expect(result.stderr).toContain("input.sha must match pattern");
  });
});
