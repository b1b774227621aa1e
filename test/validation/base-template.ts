/**
 * A small valid template as a plain object, fresh on each call, for tests to break one thing at
 * a time: start → lead (approval) → end, and lead → review (task) → end when rejected.
 */
export function baseTemplate(): {
  id: string;
  version: number;
  nodes: Record<string, unknown>[];
  edges: Record<string, unknown>[];
  [key: string]: unknown;
} {
  return {
    id: "base",
    version: 1,
    nodes: [
      { id: "start", type: "start" },
      { id: "lead", type: "approval", approvers: { users: ["alice"] } },
      { id: "review", type: "task", plugin: "review.open" },
      { id: "end", type: "end", join: "any" },
    ],
    edges: [
      { from: "start", to: "lead" },
      { from: "lead", to: "end" },
      { from: "lead", to: "review", on: "rejected" },
      { from: "review", to: "end" },
    ],
  };
}
