/**
 * The syntax tree of a `when` query (SEMANTICS §2), as `parseQuery` builds it from the raw
 * query: what the validator, the Choice-rule translator, the pictures and the context-path
 * collection read, none of them the raw object. Each node carries its `path`, the keys and
 * indexes from the query's root to it, as problems name them; a condition's path ends with its
 * key: the field path of a field, the `operator` of every other condition.
 */
import type { TypeName } from "./operator-allowlist.ts";

/** Keys and indexes from a query's root, e.g. `["$or", 1, "a.b", "$gt"]`. */
export type QueryPath = readonly (string | number)[];

/** JSON data, as a literal holds it. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/**
 * A query object: every one of its conditions holds of one subject — the flow context at the
 * root, a field's value (an object of operators, or a `$not` at field level), or an element
 * (`$elemMatch`). The conditions keep the raw object's key order.
 */
export interface QueryNode {
  readonly kind: "query";
  readonly path: QueryPath;
  readonly conditions: readonly ConditionNode[];
}

/** One key of a query object and its value. */
export type ConditionNode =
  | FieldNode
  | EqualityNode
  | OrderingNode
  | MembershipNode
  | ExistsNode
  | SizeNode
  | TypeNode
  | AllNode
  | ElemMatchNode
  | NotNode
  | LogicalNode
  | MalformedNode;

/** The conditions that are operators applied to the subject itself (all but fields). */
export type OperatorNode = Exclude<ConditionNode, FieldNode | MalformedNode>;

/**
 * `"a.b": test` — the value at a dotted path of the subject meets `test`: equals a literal
 * (implicit `$eq`), or meets an object of operators.
 */
export interface FieldNode {
  readonly kind: "field";
  readonly path: QueryPath;
  /** The dotted path as written, e.g. `input.memoryGb`. */
  readonly field: string;
  readonly test: LiteralNode | QueryNode | MalformedNode;
}

/** A value compared as data. */
export interface LiteralNode {
  readonly kind: "literal";
  readonly path: QueryPath;
  readonly value: JsonValue;
}

/** `$eq`/`$ne`: equal (or not) to a JSON value. */
export interface EqualityNode {
  readonly kind: "equality";
  readonly path: QueryPath;
  readonly operator: "$eq" | "$ne";
  readonly operand: JsonValue;
}

/** `$gt`/`$gte`/`$lt`/`$lte`: ordered against a number or a string. */
export interface OrderingNode {
  readonly kind: "ordering";
  readonly path: QueryPath;
  readonly operator: "$gt" | "$gte" | "$lt" | "$lte";
  readonly operand: number | string;
}

/** `$in`/`$nin`: equal (or not) to one of a list of JSON values. */
export interface MembershipNode {
  readonly kind: "membership";
  readonly path: QueryPath;
  readonly operator: "$in" | "$nin";
  readonly values: readonly JsonValue[];
}

/** `$exists`: whether the value is there. */
export interface ExistsNode {
  readonly kind: "exists";
  readonly path: QueryPath;
  readonly operator: "$exists";
  readonly operand: boolean;
}

/** `$size`: an array of that many items (a non-negative integer). */
export interface SizeNode {
  readonly kind: "size";
  readonly path: QueryPath;
  readonly operator: "$size";
  readonly operand: number;
}

/** `$type`: a value of one of sift's type names. */
export interface TypeNode {
  readonly kind: "type";
  readonly path: QueryPath;
  readonly operator: "$type";
  readonly operand: TypeName;
}

/** `$all`: an array holding every element: scalars, or items meeting an `$elemMatch`. */
export interface AllNode {
  readonly kind: "all";
  readonly path: QueryPath;
  readonly operator: "$all";
  readonly elements: readonly (LiteralNode | ElemMatchNode)[];
}

/** `$elemMatch`: an array with an item meeting the query. */
export interface ElemMatchNode {
  readonly kind: "elemMatch";
  readonly path: QueryPath;
  readonly operator: "$elemMatch";
  readonly operand: QueryNode;
}

/** `$not`: the subject does not meet the query. */
export interface NotNode {
  readonly kind: "not";
  readonly path: QueryPath;
  readonly operator: "$not";
  readonly operand: QueryNode;
}

/** `$and`/`$or`/`$nor` over a non-empty list of queries on the same subject. */
export interface LogicalNode {
  readonly kind: "logical";
  readonly path: QueryPath;
  readonly operator: "$and" | "$or" | "$nor";
  readonly operands: readonly (QueryNode | MalformedNode)[];
}

/**
 * A part the parser refused (its problems say why), kept as written so that the rest of the
 * tree keeps its shape: only in the tree of a query that has problems.
 */
export interface MalformedNode {
  readonly kind: "malformed";
  readonly path: QueryPath;
  readonly raw: unknown;
}
