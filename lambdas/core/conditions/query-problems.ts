import { parseQuery } from "./parse-query.ts";

/** Why a `when` query cannot be accepted, and where in it the cause sits. */
export interface QueryProblem {
  /** Keys and indexes from the query's root to the cause, e.g. `["$or", 1, "a.b", "$where"]`. */
  path: (string | number)[];
  /** Short and specific, naming the operator or segment at fault. */
  message: string;
  /** The operator the problem is about, when there is one. */
  operator?: string;
  /** The path segment refused, when that is the problem. */
  segment?: string;
}

/**
 * Every reason to refuse a `when` query (SEMANTICS §2): the problems {@link parseQuery} finds.
 * An empty list means sift, restricted to the allowlist, accepts the query and evaluates it
 * without surprises.
 *
 * @example
 * findQueryProblems({ "input.memoryGb": { $gt: 64 } }); // []
 * findQueryProblems({ $or: [{ a: 1 }, { "b.c": { $where: "1" } }] });
 * // [{ path: ["$or", 1, "b.c", "$where"], operator: "$where",
 * //    message: "operator $where is not allowed (it runs code)" }]
 */
export function findQueryProblems(query: unknown): QueryProblem[] {
  return [...parseQuery(query).problems];
}

/**
 * One problem as a line of text: its path, then its message.
 *
 * @example
 * formatQueryProblem({ path: ["$or", 1, "a.b", "$where"], message: "operator $where is not allowed" });
 * // '$or[1]["a.b"].$where: operator $where is not allowed'
 */
export function formatQueryProblem(problem: QueryProblem): string {
  let text = "";
  for (const step of problem.path) {
    if (typeof step === "number") text += `[${step}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(step)) text += text === "" ? step : `.${step}`;
    else text += `[${JSON.stringify(step)}]`;
  }
  return `${text === "" ? "(query)" : text}: ${problem.message}`;
}
