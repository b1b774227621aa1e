import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parseScript } from "../../lambdas/core/simulation/parse-script.ts";
import { loadTemplateFile } from "../../lambdas/core/template/load-template-file.ts";
import { LocalFlowRuntime } from "../../lambdas/local/local-flow-runtime.ts";
import { compileFlow } from "../../lambdas/local/simulate-asl.ts";

const EXAMPLES = ["cache-change", "table-permission", "push-campaign", "devops-release"];

describe("task tokens stay in the backend (DESIGN: security defaults)", () => {
  it.each(EXAMPLES)("no state of %s carries a task token in its output", async (id) => {
    // Prepare
    const { template } = await loadTemplateFile(`definitions/${id}.yaml`);
    if (!template) throw new Error(`definitions/${id}.yaml is invalid`);
    const input = JSON.parse(await readFile(`examples/${id}.input.json`, "utf8"));
    const script = parseScript(JSON.parse(await readFile(`examples/${id}.script.json`, "utf8")));
    const runtime = new LocalFlowRuntime(template, compileFlow(template).interpreter, {
      tenant: "default",
      id: `audit-${id}`,
    });
    const outputs: string[] = [];
    runtime.onStateExited((_state, output) => outputs.push(JSON.stringify(output)));
    // Act
    await runtime.start(input);
    for (const step of script) await runtime.act(step);
    // Assess
    expect(runtime.issuedTokens.length).toBeGreaterThan(0);
    expect(outputs.length).toBeGreaterThan(5);
    for (const token of runtime.issuedTokens) {
      expect(outputs.filter((output) => output.includes(token))).toEqual([]);
    }
  });
});
