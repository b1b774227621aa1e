import type { Backend } from "../backend/backend.ts";
import type { InboxView } from "../contract/table-layout.ts";
import type { InstanceStatus } from "../engine/instance-state.ts";
import type { Template } from "../model/template.ts";
import type { Page, PageRequest } from "../ports/page.ts";
import { type ApprovalStatus, parseApprovalId } from "../records/approval-record.ts";
import { type InboxRow, listInbox } from "./list-inbox.ts";

/** Where the thing an inbox row refers to stands: its approval's status, or its instance's. */
export type InboxEntryStatus =
  | { of: "approval"; value: ApprovalStatus }
  | { of: "instance"; value: InstanceStatus };

/**
 * One inbox row as a page shows it: the row, with the names people read (the template's and the
 * node's, from the template version the instance runs), who started the instance and where it
 * stands. Never an approval link: a page links to its own approval page.
 */
export interface InboxEntry {
  view: InboxView;
  createdAt: string;
  instanceId: string;
  templateId: string;
  /** The template's `name`, else its id. */
  templateName: string;
  /** For approval rows (to-do, done). */
  approvalId?: string;
  /** The node the row is about; none for a CC of the whole flow or a started row. */
  nodeId?: string;
  /** The node's `name`, else its id. */
  nodeName?: string;
  /** The instance's starter; absent only when its record is missing. */
  starter?: string;
  /** Approval rows: the approval's status; other rows: the instance's. Absent as `starter`. */
  status?: InboxEntryStatus;
  /** When the user first opened a CC row (read receipt). */
  readAt?: string;
}

/** The template versions one listing needs, each read from the catalog once. */
function templateReader(backend: Backend) {
  const read = new Map<string, Promise<Template | undefined>>();
  return (templateId: string, version?: number): Promise<Template | undefined> => {
    const key = `${templateId}@${version ?? "latest"}`;
    let template = read.get(key);
    if (!template) {
      template = backend.templates.get(templateId, version);
      read.set(key, template);
    }
    return template;
  };
}

/** What a row's own record says: the approval for an approval row, else the instance. */
async function standing(backend: Backend, tenant: string, row: InboxRow) {
  const parsed = row.approvalId === undefined ? undefined : parseApprovalId(row.approvalId);
  if (parsed) {
    const approval = await backend.stores.approvals.get(
      tenant,
      parsed.instanceId,
      parsed.nodeId,
      parsed.visit,
    );
    return (
      approval && {
        starter: approval.starter,
        templateVersion: approval.templateVersion,
        status: { of: "approval", value: approval.status } as const,
      }
    );
  }
  const instance = await backend.stores.instances.get(tenant, row.instanceId);
  return (
    instance && {
      starter: instance.starter,
      templateVersion: instance.templateVersion,
      status: { of: "instance", value: instance.status } as const,
    }
  );
}

/**
 * A page of a user's inbox view for people to read, newest first: {@link listInbox}'s rows
 * without their links,
 * each row with its template and node names, its instance's starter, and its status — the
 * approval's for to-do and done rows, the instance's for CC and started rows. Costs one read by
 * key per row (the approval or the instance record, in parallel) besides the listing, and one
 * catalog read per template version on the page.
 *
 * @example
 * const { items, cursor } = await listInboxEntries(backend, "default", "al", "todo", { limit: 20 });
 * items[0]; // { templateName: "Cache change", nodeName: "Owner approval", starter: "rita", status: { of: "approval", value: "pending" }, … }
 */
export async function listInboxEntries(
  backend: Backend,
  tenant: string,
  user: string,
  view: InboxView,
  page?: PageRequest,
): Promise<Page<InboxEntry>> {
  // The store's listing itself: listInbox would also sign a link for every to-do row.
  const listed = await backend.stores.inbox.list(tenant, user, view, page);
  const template = templateReader(backend);
  const items = await Promise.all(
    listed.items.map(async (row): Promise<InboxEntry> => {
      const stands = await standing(backend, tenant, row);
      const pinned = await template(row.templateId, stands?.templateVersion);
      const node =
        row.nodeId === undefined ? undefined : pinned?.nodes.find((n) => n.id === row.nodeId);
      return {
        view,
        createdAt: row.createdAt,
        instanceId: row.instanceId,
        templateId: row.templateId,
        templateName: pinned?.name ?? row.templateId,
        ...(row.approvalId === undefined ? {} : { approvalId: row.approvalId }),
        ...(row.nodeId === undefined
          ? {}
          : { nodeId: row.nodeId, nodeName: node?.name ?? row.nodeId }),
        ...(stands ? { starter: stands.starter, status: stands.status } : {}),
        ...(row.readAt === undefined ? {} : { readAt: row.readAt }),
      };
    }),
  );
  return listed.cursor ? { items, cursor: listed.cursor } : { items };
}
