import { parseQuery } from "../../conditions/parse-query.ts";
import type { MalformedNode, QueryNode } from "../../conditions/query-syntax.ts";
import { dominators } from "../dominators.ts";
import type { Problem } from "../problem.ts";
import { edgeName, edgeSubject } from "../problem-subjects.ts";
import { isRecord, readTemplateView } from "../template-view.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "condition-node-reference";

/**
 * The context paths a query tests: its fields and those under `$and`/`$or`/`$nor`/`$not`, not
 * those inside `$elemMatch` or a field's operators (relative to the field). Read from the syntax
 * tree as far as it parses, so that a query with other problems is checked too.
 */
function contextPaths(query: QueryNode | MalformedNode): string[] {
  if (query.kind === "malformed") return [];
  return query.conditions.flatMap((condition) => {
    switch (condition.kind) {
      case "field":
        return [condition.field];
      case "logical":
        return condition.operands.flatMap(contextPaths);
      case "not":
        return contextPaths(condition.operand);
      default:
        return [];
    }
  });
}

/**
 * SEMANTICS §3: a `when` query reads `nodes.<id>` only for the edge's own `from` node or a node
 * on every path from start to it — the nodes sure to have completed when the edge resolves.
 * Anything else would read an entry that may or may not be there depending on timing, and the
 * compiled state machine does not carry the entries of nodes in other branches.
 */
export const conditionNodeReference: ValidationRule = {
  id: ID,
  description:
    "A `when` query reads `nodes.<id>` only for the edge's `from` node or a node on every path from start to it.",
  check(document) {
    const view = readTemplateView(document);
    const dominating = dominators(view);
    const problems: Problem[] = [];
    for (const edge of view.edges) {
      const when = edge.raw.when;
      const before = dominating.get(edge.from);
      if (!isRecord(when) || !before) continue;
      for (const path of contextPaths(parseQuery(when).tree)) {
        const [root, id] = path.split(".");
        if (root !== "nodes" || id === undefined || before.has(id)) continue;
        problems.push({
          rule: ID,
          message: `${edgeSubject(edge)}: when reads \`${path}\`, but \`${id}\` is not sure to have completed when \`${edge.from}\` does (only \`${edge.from}\` and the nodes on every path to it are)`,
          edge: edgeName(edge),
          path: ["edges", edge.index, "when", path],
        });
      }
    }
    return problems;
  },
};
