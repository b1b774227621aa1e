import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { graphCommand } from "../../cli/commands/graph.ts";
import { FLOW_SVG_CSS } from "../../lambdas/core/graph/flow-svg-style.ts";
import { baton } from "../support/run-baton.ts";

const CACHE_CHANGE = join(import.meta.dirname, "..", "..", "definitions", "cache-change.yaml");

interface Run {
  out: string;
  err: string;
  exitCode: number;
}

async function runGraph(args: string[]): Promise<Run> {
  const run: Run = { out: "", err: "", exitCode: 0 };
  const command = graphCommand()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => {
        run.out += text;
      },
      writeErr: (text) => {
        run.err += text;
      },
    });
  await command.parseAsync(args, { from: "user" });
  run.exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return run;
}

async function tempFile(name: string, text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), "baton-graph-")), name);
  await writeFile(file, text);
  return file;
}

afterEach(() => {
  process.exitCode = 0;
});

describe("baton graph", () => {
  it("prints the mermaid picture of a valid template", async () => {
    // Prepare / Act
    const run = await runGraph([CACHE_CHANGE]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.err).toBe("");
    expect(run.out.startsWith("flowchart TD\n")).toBe(true);
    expect(run.out).toContain('n_provision -.->|"failed"| n_manual');
  });

  it("colours the picture by an inline instance state", async () => {
    // Prepare
    const state = {
      nodes: { start: { status: "succeeded" }, lead: { status: "active" } },
      edges: Array.from({ length: 8 }, (_, index) => ({
        status: index === 0 ? "fired" : "pending",
      })),
    };

    // Act
    const run = await runGraph([CACHE_CHANGE, "--instance-state", JSON.stringify(state)]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.out).toContain("class n_lead active");
    expect(run.out).toMatch(/linkStyle 0 stroke:#1a7f37/);
  });

  it("reads the instance state from @FILE", async () => {
    // Prepare
    const file = await tempFile(
      "state.json",
      JSON.stringify({
        nodes: { end: { status: "waiting" } },
        edges: Array(8).fill({ status: "dead" }),
      }),
    );

    // Act
    const run = await runGraph([CACHE_CHANGE, "--instance-state", `@${file}`]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.out).toContain("class n_end waiting");
    expect(run.out).toContain("linkStyle 0,1,2,3,4,5,6,7 ");
  });

  it("colours the picture by the report `baton simulate --json` prints", async () => {
    // Prepare
    const simulated = await baton(
      "simulate",
      CACHE_CHANGE,
      "--input",
      "@examples/cache-change.input.json",
      "--script",
      '[{"node":"lead","act":"approve","by":"zhou-min"}]',
      "--json",
    );
    const file = await tempFile("report.json", simulated.stdout);

    // Act
    const run = await runGraph([CACHE_CHANGE, "--instance-state", `@${file}`]);

    // Assess
    expect(run.err).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.out).toContain("class n_start succeeded");
    expect(run.out).toContain("class n_lead approved");
    expect(run.out).toContain("class n_sre active");
    expect(run.out).toContain("class n_provision waiting");
    expect(run.out).toContain("class n_end waiting");
    expect(run.out).not.toContain("linkStyle");
  });

  it.each([
    ["completed", "succeeded"],
    ["rejected", "poisoned"],
    ["no-route", "skipped"],
  ])("draws end of a %s instance's report as %s", async (status, endStatus) => {
    // Prepare
    const report = { status, nodes: { lead: "approved" }, ignored: [] };

    // Act
    const run = await runGraph([CACHE_CHANGE, "--instance-state", JSON.stringify(report)]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.out).toContain(`class n_end ${endStatus}`);
  });

  it("colours the picture by an instance as GET /v1/instances/{id} reads it", async () => {
    // Prepare
    const read = {
      instanceId: "01J",
      templateId: "cache-change",
      status: "running",
      nodes: {
        lead: { status: "approved", output: { decidedBy: ["olga"] } },
        sre: { status: "active" },
      },
      history: [],
    };

    // Act
    const run = await runGraph([CACHE_CHANGE, "--instance-state", JSON.stringify(read)]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.out).toContain("class n_lead approved");
    expect(run.out).toContain("class n_sre active");
    expect(run.out).toContain("class n_end waiting");
  });

  it("prints a standalone SVG picture with --svg, its stylesheet inside", async () => {
    // Prepare / Act
    const run = await runGraph([CACHE_CHANGE, "--svg"]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.err).toBe("");
    expect(run.out.startsWith('<svg xmlns="http://www.w3.org/2000/svg" class="flow-picture"')).toBe(
      true,
    );
    expect(run.out.endsWith("</svg>\n")).toBe(true);
    expect(run.out).toContain(`<style>${FLOW_SVG_CSS}</style>`);
    expect(run.out).toContain('data-node="provision"');
  });

  it("colours the SVG picture by an instance state", async () => {
    // Prepare
    const report = { status: "running", nodes: { lead: "approved", sre: "active" }, ignored: [] };

    // Act
    const run = await runGraph([CACHE_CHANGE, "--svg", "--instance-state", JSON.stringify(report)]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.out).toContain('data-node="sre" class="node node-approval status-active"');
    expect(run.out).toContain('data-node="lead" class="node node-approval status-approved"');
  });

  it("refuses an invalid template with its problems on stderr and exit 1", async () => {
    // Prepare
    const file = await tempFile(
      "cycle.yaml",
      [
        "id: loop",
        "version: 1",
        "nodes:",
        "  - { id: start, type: start }",
        "  - { id: a, type: gateway }",
        "  - { id: b, type: gateway }",
        "  - { id: end, type: end }",
        "edges:",
        "  - { from: start, to: a }",
        "  - { from: a, to: b }",
        "  - { from: b, to: a }",
        "  - { from: b, to: end }",
        "",
      ].join("\n"),
    );

    // Act
    const run = await runGraph([file]);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.out).toBe("");
    expect(run.err).toContain("[cycle]");
  });

  it("refuses an instance state that is not JSON with one line and exit 2", async () => {
    // Prepare / Act
    const run = await runGraph([CACHE_CHANGE, "--instance-state", "{nodes:"]);

    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.out).toBe("");
    expect(run.err).toMatch(/^baton graph: --instance-state: not valid JSON/);
    expect(run.err.trim().split("\n")).toHaveLength(1);
  });

  it.each([
    ["an array", []],
    ["an unknown node status", { nodes: { lead: { status: "done" } }, edges: [] }],
    ["edges that do not match the template", { nodes: {}, edges: [{ status: "fired" }] }],
    ["an unknown edge status", { nodes: {}, edges: Array(8).fill({ status: "burnt" }) }],
    ["the state of another template", { templateId: "other", nodes: {}, edges: [] }],
    ["neither edges nor a status", { nodes: {} }],
    ["a report with an unknown instance status", { status: "done", nodes: {}, ignored: [] }],
    ["a report with an unknown node status", { status: "running", nodes: { lead: "waiting" } }],
    ["a report naming a node the template lacks", { status: "running", nodes: { x: "active" } }],
    ["a report whose ignored is not a list", { status: "running", nodes: {}, ignored: 2 }],
  ])("refuses an instance state with %s (exit 2)", async (_, state) => {
    // Prepare / Act
    const run = await runGraph([CACHE_CHANGE, "--instance-state", JSON.stringify(state)]);

    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.out).toBe("");
    expect(run.err).toMatch(/^baton graph: --instance-state: /);
    expect(run.err).not.toContain("    at ");
  });

  it("refuses a malformed instance state the same way with --svg", async () => {
    // Prepare / Act
    const run = await runGraph([CACHE_CHANGE, "--svg", "--instance-state", '{"nodes":{}}']);

    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.out).toBe("");
    expect(run.err).toMatch(/^baton graph: --instance-state: expected an instance state/);
  });
});
