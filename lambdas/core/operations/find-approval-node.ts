import type { ApprovalNode, Template } from "../model/template.ts";

/**
 * The approval node of a template by id, or `undefined` if the template has no such approval.
 *
 * @example
 * findApprovalNode(template, "lead")?.mode;
 */
export function findApprovalNode(template: Template, nodeId: string): ApprovalNode | undefined {
  const node = template.nodes.find((candidate) => candidate.id === nodeId);
  return node?.type === "approval" ? node : undefined;
}
