import { readFile } from "node:fs/promises";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Template } from "../../lambdas/core/model/template.ts";
import { parseScript } from "../../lambdas/core/simulation/parse-script.ts";
import { simulateReference } from "../../lambdas/core/simulation/simulate-reference.ts";
import { DirectoryTemplateCatalog } from "../../lambdas/embedded/directory-template-catalog.ts";
import { crashingScriptRun } from "./support/crashing-script-run.ts";

const EXAMPLES = ["cache-change", "devops-release", "push-campaign", "table-permission"];

const catalog = new DirectoryTemplateCatalog("definitions");
await catalog.load();
const examples = await Promise.all(
  EXAMPLES.map(async (id) => ({
    template: (await catalog.get(id)) as Template,
    input: JSON.parse(await readFile(`examples/${id}.input.json`, "utf8")) as unknown,
    script: parseScript(JSON.parse(await readFile(`examples/${id}.script.json`, "utf8"))),
  })),
);

describe("a crash anywhere in a run changes nothing in how it ends", () => {
  it("every example, killed after any step and any number of event-loop turns, then resumed, ends as the reference engine says", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...examples),
        fc.nat(),
        fc.nat({ max: 40 }),
        async ({ template, input, script }, step, turns) => {
          const expected = simulateReference(template, input, script).report;
          const ended = await crashingScriptRun(template, input, script, {
            after: step % (script.length + 1),
            turns,
          });
          expect(ended).toEqual({ status: expected.status, nodes: expected.nodes });
        },
      ),
      { numRuns: 24 },
    );
  }, 240_000);
});
