import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baton } from "../support/run-baton.ts";

/** Two approvals in parallel whose approvers may resolve to nobody, and a task behind them. */
const TEMPLATE = `
id: unstaffed
version: 1
input:
  type: object
  properties: { owner: { type: string } }
nodes:
  - { id: start, type: start }
  - { id: lead, type: approval, approvers: { role: dba } }
  - { id: owner, type: approval, approvers: { path: input.owner } }
  - { id: ship, type: task, plugin: ci.ship, mode: callback }
  - { id: end, type: end }
edges:
  - { from: start, to: lead }
  - { from: start, to: owner }
  - { from: lead, to: ship }
  - { from: owner, to: ship }
  - { from: ship, to: end }
`;

let dir = "";
let file = "";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "baton-reasons-"));
  file = join(dir, "unstaffed.yaml");
  await writeFile(file, TEMPLATE);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("baton simulate: why a node failed", () => {
  it("prints the reason of each approval whose approvers resolve to nobody", async () => {
    // Act
    const result = await baton("simulate", file, "--input", "{}", "--script", "[]");
    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^status: failed$/m);
    expect(result.stdout).toContain(
      "approval lead failed: approvers role dba resolved to nobody (no --directory was given)",
    );
    expect(result.stdout).toContain(
      "approval owner failed: approvers path input.owner holds no user id or list of user ids",
    );
  });

  it("adds reasons by node to the JSON report, and keeps the report's fields", async () => {
    // Act
    const result = await baton("simulate", file, "--input", "{}", "--script", "[]", "--json");
    // Assess
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(["status", "nodes", "ignored", "reasons"]);
    expect(report).toMatchObject({
      status: "failed",
      nodes: { lead: "failed", owner: "failed", ship: "idle" },
      ignored: [],
    });
    expect(report.reasons).toEqual({
      lead: "approvers role dba resolved to nobody (no --directory was given)",
      owner: "approvers path input.owner holds no user id or list of user ids",
    });
  });

  it("leaves reasons out when the engine failed no node", async () => {
    // Act
    const result = await baton(
      "simulate",
      file,
      "--input",
      '{"owner":"olga"}',
      "--directory",
      '{"dba":["dana"]}',
      "--script",
      '[{"node":"lead","act":"reject","by":"dana"}]',
      "--json",
    );
    // Assess
    expect(JSON.parse(result.stdout)).toEqual({
      status: "rejected",
      nodes: { lead: "rejected", owner: "cancelled", ship: "idle" },
      ignored: [],
    });
  });
});
