import type { Backend } from "../backend/backend.ts";
import { OperationRefusedError } from "../contract/operation-refused-error.ts";
import { toMermaid } from "../graph/mermaid.ts";
import type { Template } from "../model/template.ts";
import type { Page, PageRequest } from "../ports/page.ts";
import type { InstanceRecord } from "../records/instance-record.ts";

/** A template as the API lists it: its id, latest version, names and every version deployed. */
export interface TemplateSummary {
  templateId: string;
  version: number;
  name?: string;
  description?: string;
  versions: number[];
}

/** One template version as the API reads it: the definition and its picture. */
export interface TemplateView extends TemplateSummary {
  template: Template;
  mermaid: string;
}

async function summary(backend: Backend, template: Template): Promise<TemplateSummary> {
  return {
    templateId: template.id,
    version: template.version,
    ...(template.name === undefined ? {} : { name: template.name }),
    ...(template.description === undefined ? {} : { description: template.description }),
    versions: await backend.templates.versions(template.id),
  };
}

/**
 * Every deployed template at its latest version, with the versions instances may run on.
 *
 * @example
 * const items = await listTemplates(backend); // [{ templateId: "cache-change", version: 1, versions: [1] }, …]
 */
export async function listTemplates(backend: Backend): Promise<TemplateSummary[]> {
  return Promise.all(
    (await backend.templates.list()).map((template) => summary(backend, template)),
  );
}

/**
 * One template version (the latest without `version`): its definition and mermaid picture.
 *
 * @example
 * const { mermaid } = await readTemplate(backend, "cache-change");
 */
export async function readTemplate(
  backend: Backend,
  templateId: string,
  version?: number,
): Promise<TemplateView> {
  const template = await backend.templates.get(templateId, version);
  if (!template) {
    throw new OperationRefusedError(
      "not-found",
      `no template ${templateId}${version === undefined ? "" : ` v${version}`}`,
    );
  }
  return { ...(await summary(backend, template)), template, mermaid: toMermaid(template) };
}

/** An instance as a template's listing shows it. */
export type InstanceSummary = Pick<
  InstanceRecord,
  "instanceId" | "templateId" | "templateVersion" | "status" | "starter" | "createdAt" | "endedAt"
>;

/**
 * The instances of a template, newest first, a page at a time (every version's).
 *
 * @example
 * const { items, cursor } = await listTemplateInstances(backend, "default", "expense", { limit: 20 });
 */
export async function listTemplateInstances(
  backend: Backend,
  tenant: string,
  templateId: string,
  page?: PageRequest,
): Promise<Page<InstanceSummary>> {
  if (!(await backend.templates.get(templateId))) {
    throw new OperationRefusedError("not-found", `no template ${templateId}`);
  }
  const listed = await backend.stores.instances.listByTemplate(tenant, templateId, page);
  const items = listed.items.map(
    ({ instanceId, templateVersion, status, starter, createdAt, endedAt }) => ({
      instanceId,
      templateId,
      templateVersion,
      status,
      starter,
      createdAt,
      ...(endedAt === undefined ? {} : { endedAt }),
    }),
  );
  return listed.cursor ? { items, cursor: listed.cursor } : { items };
}
