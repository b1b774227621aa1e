import { readFile } from "node:fs/promises";
import { MemoryTemplateCatalog } from "../../lambdas/adapters/memory/memory-template-catalog.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { DirectoryTemplateCatalog } from "../../lambdas/embedded/directory-template-catalog.ts";
import { approval, flow, task } from "./template-builder.ts";

/** The examples the fault test runs (`definitions/<id>.yaml` with `examples/<id>.input.json`). */
const EXAMPLES = ["cache-change", "devops-release", "push-campaign", "table-permission"] as const;

/**
 * A synthetic flow of countersign seats: an `any` approval of three users (one decision
 * decides it, the others are refused), an `all` approval of three group seats (one decision per
 * seat, whichever member gives it), then a callback task whose plugin works from its
 * `task.requested` event.
 */
export const COUNTERSIGN: Template = flow(
  [
    approval("pick", ["ann", "ari", "amo"], { mode: "any" }),
    {
      id: "board",
      type: "approval",
      approvers: { groups: [["bea", "bob"], ["cal", "cat"], ["dan"]] },
      mode: "all",
    },
    task("fulfil", { plugin: "worker.fulfil", mode: "callback" }),
  ],
  ["start>pick", "pick>board", "board>fulfil", "fulfil>end"],
  { id: "countersign", name: "Countersign then fulfil" },
);

/** The nodes of these flows whose callback plugin is the bus subscriber (it works from `task.requested`). */
export const CALLBACK_NODES = ["provision", "build", "tests", "deploy", "fulfil"];

/** A flow the test starts: the template and a way to vary the example's input by a pick. */
export interface FlowKind {
  templateId: string;
  /** The start input for choice `pick` (an integer ≥ 0). */
  input(pick: number): unknown;
}

/**
 * A copy of a template whose task retries wait 1 s (the shortest ASL interval) instead of the
 * example's 10–30 s: the local interpreter waits them in real time, and the test must stay short.
 */
function withShortRetries(template: Template): Template {
  return {
    ...template,
    nodes: template.nodes.map((node) =>
      node.type === "task" && node.retry
        ? { ...node, retry: { ...node.retry, interval: "PT1S", backoff: 1 } }
        : node,
    ),
  };
}

/** Variations of each example's input, chosen by a pick, so that their routes differ. */
function varied(id: (typeof EXAMPLES)[number], base: Record<string, unknown>) {
  return (pick: number): unknown => {
    switch (id) {
      case "cache-change":
        return {
          ...base,
          memoryGb: [16, 64, 128, 512][pick % 4],
          cluster: pick % 3 ? "general" : "payment",
        };
      case "devops-release":
        return { ...base, environment: ["dev", "staging", "prod"][pick % 3] };
      case "push-campaign":
        return {
          ...base,
          commercial: pick % 2 === 0,
          audienceSize: pick % 3 === 0 ? 5000 : 2_400_000,
        };
      case "table-permission":
        return {
          ...base,
          securityLevel: ["L1", "L2", "L3", "L4"][pick % 4],
          department: pick % 5 === 0 ? "finance" : "commerce",
          piiColumns: pick % 2 === 0 ? [] : ["phone"],
        };
    }
  };
}

/**
 * The templates of the fault test — the four examples (task retries shortened) and
 * {@link COUNTERSIGN} — in a catalog, with the kinds of flow to start.
 *
 * @example
 * const { catalog, kinds } = await faultTestFlows();
 */
export async function faultTestFlows(): Promise<{
  catalog: MemoryTemplateCatalog;
  kinds: FlowKind[];
}> {
  const definitions = new DirectoryTemplateCatalog("definitions");
  await definitions.load();
  const catalog = new MemoryTemplateCatalog([COUNTERSIGN]);
  const kinds: FlowKind[] = [{ templateId: COUNTERSIGN.id, input: () => ({}) }];
  for (const id of EXAMPLES) {
    const template = await definitions.get(id);
    if (!template) throw new Error(`no definition ${id}`);
    catalog.add(withShortRetries(template));
    const base = JSON.parse(await readFile(`examples/${id}.input.json`, "utf8"));
    kinds.push({ templateId: id, input: varied(id, base) });
  }
  return { catalog, kinds };
}
