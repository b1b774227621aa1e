import type { Backend } from "../backend/backend.ts";
import { OperationRefusedError } from "../contract/operation-refused-error.ts";
import { toMermaid } from "../graph/mermaid.ts";
import { pictureOfReport } from "../graph/picture-of-report.ts";
import { readInstance } from "./read-instance.ts";

/**
 * An instance's picture: its template's mermaid flowchart with every approval and task
 * coloured by its status, `start` and `end` by where the instance stands — the picture
 * `baton graph FILE --instance-state` draws from the same read (docs/graph.md).
 *
 * @example
 * const { mermaid } = await instancePicture(backend, "default", "01J");
 */
export async function instancePicture(
  backend: Backend,
  tenant: string,
  instanceId: string,
): Promise<{ instanceId: string; mermaid: string }> {
  const view = await readInstance(backend, tenant, instanceId);
  const template = await backend.templates.get(view.templateId, view.templateVersion);
  if (!template)
    throw new OperationRefusedError(
      "not-found",
      `no template ${view.templateId} v${view.templateVersion}`,
    );
  const nodes = Object.fromEntries(
    Object.entries(view.nodes).map(([id, node]) => [id, node.status]),
  );
  return {
    instanceId,
    mermaid: toMermaid(template, pictureOfReport(template, { status: view.status, nodes })),
  };
}
