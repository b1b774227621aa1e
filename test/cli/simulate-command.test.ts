import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parseScript } from "../../lambdas/core/simulation/parse-script.ts";
import { simulateReference } from "../../lambdas/core/simulation/simulate-reference.ts";
import { loadTemplateFile } from "../../lambdas/core/template/load-template-file.ts";
import { baton } from "../support/run-baton.ts";

const EXAMPLES = ["cache-change", "table-permission", "push-campaign", "devops-release"];

describe("baton simulate (SEMANTICS §8)", () => {
  it.each(EXAMPLES)("prints the §8 JSON report of the reference engine for %s", async (id) => {
    // Prepare
    const input = `examples/${id}.input.json`;
    const script = `examples/${id}.script.json`;
    const { template } = await loadTemplateFile(`definitions/${id}.yaml`);
    if (!template) throw new Error(`definitions/${id}.yaml is invalid`);
    const expected = simulateReference(
      template,
      JSON.parse(await readFile(input, "utf8")),
      parseScript(JSON.parse(await readFile(script, "utf8"))),
    ).report;
    // Act
    const result = await baton(
      "simulate",
      `definitions/${id}.yaml`,
      "--input",
      `@${input}`,
      "--script",
      `@${script}`,
      "--engine",
      "reference",
      "--json",
    );
    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(expected);
    expect(Object.keys(expected)).toEqual(["status", "nodes", "ignored"]);
  });

  it("reports ignored steps by their 0-based index", async () => {
    const script = JSON.stringify([
      { node: "nobody-home", act: "approve", by: "x" },
      { node: "lead", act: "approve", by: "not-the-owner" },
    ]);
    const input = await readFile("examples/cache-change.input.json", "utf8");
    const result = await baton(
      "simulate",
      "definitions/cache-change.yaml",
      "--input",
      input,
      "--script",
      script,
      "--json",
    );
    expect(JSON.parse(result.stdout)).toMatchObject({ status: "running", ignored: [0] });
  });

  it("prints each step and the final statuses without --json", async () => {
    const result = await baton(
      "simulate",
      "definitions/cache-change.yaml",
      "--input",
      "@examples/cache-change.input.json",
      "--script",
      "@examples/cache-change.script.json",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/step 0 +lead approve by/);
    expect(result.stdout).toMatch(/^status: \w+/m);
  });

  it("refuses a bad input, naming the schema errors, with no stack trace", async () => {
    const result = await baton(
      "simulate",
      "definitions/cache-change.yaml",
      "--input",
      '{"memoryGb":"big"}',
      "--script",
      "[]",
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/input refused by template cache-change: .*memoryGb/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses a malformed script, naming the step", async () => {
    const result = await baton(
      "simulate",
      "definitions/cache-change.yaml",
      "--input",
      "{}",
      "--script",
      '[{"node":"lead","act":"approve"}]',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("step 0: must have required property 'by'");
  });

  it("refuses JSON that does not parse and a file that does not exist", async () => {
    const bad = await baton(
      "simulate",
      "definitions/cache-change.yaml",
      "--input",
      "{",
      "--script",
      "[]",
    );
    expect(bad.stderr).toMatch(/--input: not valid JSON/);
    const missing = await baton(
      "simulate",
      "definitions/cache-change.yaml",
      "--input",
      "@nope.json",
      "--script",
      "[]",
    );
    expect(missing.stderr).toContain("--input: cannot read file nope.json");
    expect([bad.code, missing.code]).toEqual([2, 2]);
  });

  it("refuses an invalid template with its problems and exit code 1", async () => {
    const result = await baton(
      "simulate",
      "test/fixtures/invalid/cycle.yaml",
      "--input",
      "{}",
      "--script",
      "[]",
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("[cycle]");
  });

  it.each(EXAMPLES)(
    "prints the same report under --engine asl as under --engine reference for %s",
    async (id) => {
      const args = [
        "simulate",
        `definitions/${id}.yaml`,
        "--input",
        `@examples/${id}.input.json`,
        "--script",
        `@examples/${id}.script.json`,
        "--json",
      ];
      const [reference, asl] = await Promise.all([
        baton(...args, "--engine", "reference"),
        baton(...args, "--engine", "asl"),
      ]);
      expect(asl.code).toBe(0);
      expect(JSON.parse(asl.stdout)).toEqual(JSON.parse(reference.stdout));
    },
  );
});
