import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parseScript } from "../../lambdas/core/simulation/parse-script.ts";
import { simulateReference } from "../../lambdas/core/simulation/simulate-reference.ts";
import { createEmbeddedBackend } from "../../lambdas/embedded/create-embedded-backend.ts";
import { DirectoryTemplateCatalog } from "../../lambdas/embedded/directory-template-catalog.ts";
import { driveScript, ScriptedPlugins } from "../support/backend-script-driver.ts";

const EXAMPLES = ["cache-change", "devops-release", "push-campaign", "table-permission"];

describe("every example runs through baton dev's HTTP API on the embedded engine to the statuses the reference engine gives", () => {
  for (const id of EXAMPLES) {
    it(id, async () => {
      const catalog = new DirectoryTemplateCatalog("definitions");
      await catalog.load();
      const template = await catalog.get(id);
      if (!template) throw new Error(`no definition ${id}`);
      const input = JSON.parse(await readFile(`examples/${id}.input.json`, "utf8"));
      const script = parseScript(JSON.parse(await readFile(`examples/${id}.script.json`, "utf8")));
      const plugins = new ScriptedPlugins();
      const names = template.nodes.flatMap((node) => (node.type === "task" ? [node.plugin] : []));
      const backend = createEmbeddedBackend({
        templates: catalog,
        plugins: Object.fromEntries(names.map((name) => [name, plugins.plugin])),
      });
      const expected = simulateReference(template, input, script).report;
      const { status, nodes } = await driveScript(backend, plugins, template, input, script);
      expect({ status, nodes }).toEqual({ status: expected.status, nodes: expected.nodes });
      backend.executions.close();
    });
  }
});
