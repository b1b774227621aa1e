import { describe, expect, it } from "vitest";
import { detachedCopy } from "../../lambdas/core/conditions/detached-copy.ts";
import { ALLOWED_OPERATORS } from "../../lambdas/core/conditions/operator-allowlist.ts";
import {
  findQueryProblems,
  formatQueryProblem,
  type QueryProblem,
} from "../../lambdas/core/conditions/query-problems.ts";

const WHERE = { $where: "globalThis.__batonCanary = 1" };

/** One accepted query per allowlisted operator, keyed by it. */
const ACCEPTED: Record<(typeof ALLOWED_OPERATORS)[number], object> = {
  $eq: { "input.cluster": { $eq: "eu-1" } },
  $ne: { "input.cluster": { $ne: null } },
  $gt: { "input.memoryGb": { $gt: 64 } },
  $gte: { "input.memoryGb": { $gte: 64.5 } },
  $lt: { "input.name": { $lt: "m" } },
  $lte: { "input.memoryGb": { $lte: 0 } },
  $in: { "nodes.lead.outcome": { $in: ["approved", "rejected"] } },
  $nin: { "input.tags": { $nin: ["prod", 1, true, null, [1, 2], { a: 1 }] } },
  $exists: { "nodes.dba": { $exists: false } },
  $and: { $and: [{ a: 1 }, { b: { $gt: 2 } }] },
  $or: { $or: [{ a: 1 }, { "b.c": "x" }] },
  $nor: { $nor: [{ a: 1 }] },
  $not: { a: { $not: { $gt: 5 } } },
  $all: { tags: { $all: ["a", 1, true, null, { $elemMatch: { $gt: 1 } }] } },
  $size: { tags: { $size: 0 } },
  $elemMatch: { items: { $elemMatch: { price: { $gt: 10 }, kind: "x" } } },
  $type: { a: { $type: "bool" } },
};

function operatorsOf(problems: QueryProblem[]): (string | undefined)[] {
  return problems.map((problem) => problem.operator);
}

describe("findQueryProblems: the allowlist (SEMANTICS §2)", () => {
  it.each(ALLOWED_OPERATORS)("accepts %s", (operator) => {
    // Prepare
    const query = ACCEPTED[operator];
    // Act
    const problems = findQueryProblems(query);
    // Assess
    expect(JSON.stringify(query)).toContain(operator);
    expect(problems).toEqual([]);
  });

  it("accepts every $type name sift knows", () => {
    const names = ["number", "string", "bool", "array", "null", "timestamp"];
    const problems = names.flatMap((name) => findQueryProblems({ a: { $type: name } }));
    expect(problems).toEqual([]);
  });

  it("accepts the empty query, which matches every context", () => {
    expect(findQueryProblems({})).toEqual([]);
  });

  it("accepts queries at every level where sift reads one", () => {
    const query = {
      $or: [
        { "nodes.lead.output.amount": { $gte: 100, $lt: 1000 } },
        { $and: [{ "input.tags": { $all: [{ $elemMatch: { $in: ["a", "b"] } }] } }] },
        {
          $nor: [
            { items: { $elemMatch: { $or: [{ x: 1 }, { y: { $not: { $exists: true } } }] } } },
          ],
        },
        { $not: { "input.cluster": "eu-1" } },
      ],
    };
    expect(findQueryProblems(query)).toEqual([]);
  });

  it("accepts a null-prototype query and a detached copy alike", () => {
    const bare = Object.assign(Object.create(null), { a: { $gt: 1 } });
    expect(findQueryProblems(bare)).toEqual([]);
    expect(findQueryProblems(detachedCopy({ a: { $in: [1, 2] } }))).toEqual([]);
  });
});

describe("findQueryProblems: refused operators", () => {
  it.each([
    ["$where", "it runs code"],
    ["$function", "it runs code"],
    ["$expr", "aggregation expressions are not supported"],
    ["$regex", "regular expressions are not supported"],
  ])("refuses %s always, naming it and why", (operator, reason) => {
    // Prepare
    const query = { a: { [operator]: "x" } };
    // Act
    const problems = findQueryProblems(query);
    // Assess
    expect(problems).toEqual([
      {
        path: ["a", operator],
        operator,
        message: `operator ${operator} is not allowed (${reason})`,
      },
    ]);
  });

  it.each(["$mod", "$options", "$text", "$jsonSchema", "$comment", "$foo", "$"])(
    "refuses %s, outside the allowlist",
    (operator) => {
      const problems = findQueryProblems({ a: { [operator]: 1 } });
      expect(problems).toEqual([
        { path: ["a", operator], operator, message: `operator ${operator} is not allowed` },
      ]);
    },
  );

  it("refuses a refused operator at query level too", () => {
    expect(findQueryProblems(WHERE)).toEqual([
      {
        path: ["$where"],
        operator: "$where",
        message: "operator $where is not allowed (it runs code)",
      },
    ]);
  });

  it.each<[string, object, (string | number)[]]>([
    ["inside $or", { $or: [{ a: 1 }, WHERE] }, ["$or", 1, "$where"]],
    ["inside a field of $or", { $or: [{ a: 1 }, { "a.b": WHERE }] }, ["$or", 1, "a.b", "$where"]],
    [
      "inside $elemMatch on operators",
      { $or: [{ a: 1 }, { "a.b": { $elemMatch: WHERE } }] },
      ["$or", 1, "a.b", "$elemMatch", "$where"],
    ],
    [
      "inside $elemMatch on a sub-query",
      { items: { $elemMatch: { price: { $gt: 1 }, kind: WHERE } } },
      ["items", "$elemMatch", "kind", "$where"],
    ],
    ["inside $not", { a: { $not: WHERE } }, ["a", "$not", "$where"]],
    ["inside a top-level $not", { $not: { b: WHERE } }, ["$not", "b", "$where"]],
    [
      "inside $and in $nor",
      { $nor: [{ $and: [{ a: 1 }, WHERE] }] },
      ["$nor", 0, "$and", 1, "$where"],
    ],
    [
      "inside $all's $elemMatch",
      { tags: { $all: [{ $elemMatch: WHERE }] } },
      ["tags", "$all", 0, "$elemMatch", "$where"],
    ],
    ["inside an $eq value", { a: { $eq: { b: WHERE } } }, ["a", "$eq", "b", "$where"]],
    ["inside an $in element", { a: { $in: [1, WHERE] } }, ["a", "$in", 1, "$where"]],
    ["inside a literal field value", { a: { b: [WHERE] } }, ["a", "b", 0, "$where"]],
    ["beside allowed operators", { a: { $gt: 1, ...WHERE } }, ["a", "$where"]],
  ])("finds $where hidden %s", (_where, query, path) => {
    // Act
    const problems = findQueryProblems(query);
    // Assess
    expect(problems).toContainEqual(expect.objectContaining({ path, operator: "$where" }));
  });

  it("finds $where nested thirty levels deep and names the full path", () => {
    // Prepare
    let query: object = WHERE;
    const path: (string | number)[] = ["$where"];
    for (let level = 0; level < 10; level += 1) {
      query = { $or: [{ a: 1 }, { b: { $elemMatch: { $not: query } } }] };
      path.unshift("$or", 1, "b", "$elemMatch", "$not");
    }
    // Act
    const problems = findQueryProblems(query);
    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toEqual(path);
    expect(problems[0]?.message).toBe("operator $where is not allowed (it runs code)");
  });

  it("refuses an allowed operator inside a literal value, which sift would compare as data", () => {
    const problems = findQueryProblems({ a: { b: { $gt: 1 } } });
    expect(problems).toEqual([
      {
        path: ["a", "b", "$gt"],
        operator: "$gt",
        message: "$gt inside a literal value is compared as data, not applied",
      },
    ]);
  });

  it("refuses $in elements holding operators, which sift throws on", () => {
    expect(operatorsOf(findQueryProblems({ a: { $in: [{ $gt: 1 }] } }))).toEqual(["$gt"]);
  });
});

describe("findQueryProblems: regular expressions and functions", () => {
  it("refuses the $regex operator", () => {
    const problems = findQueryProblems({ name: { $regex: "^a", $options: "i" } });
    expect(operatorsOf(problems)).toEqual(["$regex", "$options"]);
  });

  it.each<[string, object, (string | number)[]]>([
    ["as a field value", { name: /^a/ }, ["name"]],
    ["as an $eq operand", { name: { $eq: /^a/ } }, ["name", "$eq"]],
    ["as an $in element", { name: { $in: ["b", /^a/] } }, ["name", "$in", 1]],
    ["as a $not operand", { name: { $not: /^a/ } }, ["name", "$not"]],
    ["as an $all element", { name: { $all: [/^a/] } }, ["name", "$all", 0]],
  ])("refuses a RegExp value %s (sift treats it as $regex)", (_where, query, path) => {
    const problems = findQueryProblems(query);
    expect(problems).toContainEqual({
      path,
      operator: "$regex",
      message: "regular expressions are not allowed (sift treats them as $regex)",
    });
  });

  it("refuses a function value", () => {
    const problems = findQueryProblems({ a: () => true, b: { $eq: () => true } });
    expect(problems).toEqual([
      { path: ["a"], message: "functions are not allowed" },
      { path: ["b", "$eq"], message: "functions are not allowed" },
    ]);
  });

  it.each<[string, unknown, string]>([
    ["undefined", undefined, "values must be JSON data, not undefined"],
    ["a Date", new Date(0), "values must be JSON data, not a Date"],
    ["a Map", new Map(), "values must be JSON data, not a Map"],
    ["a bigint", 1n, "values must be JSON data, not a bigint"],
    ["NaN", Number.NaN, "numbers must be finite"],
    ["Infinity", Number.POSITIVE_INFINITY, "numbers must be finite"],
  ])("refuses %s as a value", (_name, value, message) => {
    expect(findQueryProblems({ a: { $ne: value } })).toEqual([{ path: ["a", "$ne"], message }]);
  });
});

describe("findQueryProblems: forbidden path segments", () => {
  it.each(["__proto__", "constructor", "prototype"])("refuses %s as a whole key", (segment) => {
    // Prepare: JSON.parse makes "__proto__" an own key, as a YAML or JSON template would
    const query = JSON.parse(`{ "${segment}": { "polluted": 1 } }`);
    // Act
    const problems = findQueryProblems(query);
    // Assess
    expect(problems).toEqual([
      { path: [segment], segment, message: `path segment ${segment} is not allowed` },
    ]);
  });

  it.each(["__proto__", "constructor", "prototype"])(
    "refuses %s as a dotted segment",
    (segment) => {
      const key = `a.${segment}.b`;
      const problems = findQueryProblems({ [key]: 1 });
      expect(problems).toEqual([
        { path: [key], segment, message: `path segment ${segment} is not allowed` },
      ]);
    },
  );

  it.each<[string, object, (string | number)[]]>([
    ["in $or", { $or: [{ ok: 1 }, { "a.__proto__.b": 1 }] }, ["$or", 1, "a.__proto__.b"]],
    [
      "in an $elemMatch sub-query",
      { items: { $elemMatch: { "x.__proto__": { $gt: 1 } } } },
      ["items", "$elemMatch", "x.__proto__"],
    ],
    ["in $not", { $not: { "a.__proto__": 1 } }, ["$not", "a.__proto__"]],
    [
      "in a literal value",
      JSON.parse('{ "a": { "b": { "__proto__": 1 } } }'),
      ["a", "b", "__proto__"],
    ],
    ["in an $eq operand", { a: { $eq: { "x.constructor": 1 } } }, ["a", "$eq", "x.constructor"]],
  ])("refuses a forbidden segment %s", (_where, query, path) => {
    const problems = findQueryProblems(query);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toEqual(path);
    expect(problems[0]?.segment).toMatch(/^(__proto__|constructor)$/);
  });

  it("refuses empty and $-prefixed segments in a field path", () => {
    const problems = findQueryProblems({ "a..b": 1, "a.$where": 1, "": 2 });
    expect(problems).toEqual([
      { path: ["a..b"], segment: "", message: 'path "a..b" has an empty segment' },
      {
        path: ["a.$where"],
        segment: "$where",
        message: "path segment $where must not start with $",
      },
      { path: [""], segment: "", message: 'path "" has an empty segment' },
    ]);
  });

  it("accepts a segment that only contains a forbidden word", () => {
    expect(findQueryProblems({ "input.constructorName": 1, "nodes.proto.x": 2 })).toEqual([]);
  });
});

describe("findQueryProblems: malformed queries and operands", () => {
  it.each<[string, unknown]>([
    ["null", null],
    ["an array", [{ a: 1 }]],
    ["a string", "a = 1"],
    ["a class instance", new (class Query {})()],
    ["an object with another prototype", Object.create({ a: 1 })],
  ])("refuses a query that is %s", (_kind, query) => {
    const problems = findQueryProblems(query);
    expect(problems).toEqual([{ path: [], message: "a query must be a plain object" }]);
  });

  it("refuses a RegExp as the query and says why it is no query", () => {
    const problems = findQueryProblems(/a/);
    expect(problems).toEqual([
      { path: [], message: "a query must be a plain object" },
      {
        path: [],
        operator: "$regex",
        message: "regular expressions are not allowed (sift treats them as $regex)",
      },
    ]);
  });

  it.each<[string, object, string, string]>([
    ["$and not an array", { $and: { a: 1 } }, "$and", "$and needs a non-empty array of queries"],
    ["$or empty", { $or: [] }, "$or", "$or needs a non-empty array of queries"],
    ["$nor a string", { $nor: "a" }, "$nor", "$nor needs a non-empty array of queries"],
    ["$in not an array", { a: { $in: 1 } }, "$in", "$in needs an array"],
    ["$nin an object", { a: { $nin: { b: 1 } } }, "$nin", "$nin needs an array"],
    ["$size negative", { a: { $size: -1 } }, "$size", "$size needs a non-negative integer"],
    ["$size fractional", { a: { $size: 1.5 } }, "$size", "$size needs a non-negative integer"],
    ["$size a string", { a: { $size: "2" } }, "$size", "$size needs a non-negative integer"],
    ["$exists a number", { a: { $exists: 1 } }, "$exists", "$exists needs true or false"],
    ["$exists a string", { a: { $exists: "yes" } }, "$exists", "$exists needs true or false"],
    [
      "$type boolean",
      { a: { $type: "boolean" } },
      "$type",
      'unknown $type name "boolean"; use one of number, string, bool, array, null, timestamp',
    ],
    [
      "$type a number",
      { a: { $type: 2 } },
      "$type",
      "$type needs one of number, string, bool, array, null, timestamp",
    ],
    ["$gt null", { a: { $gt: null } }, "$gt", "$gt needs a number or a string"],
    ["$gte an array", { a: { $gte: [1] } }, "$gte", "$gte needs a number or a string"],
    ["$lt a boolean", { a: { $lt: true } }, "$lt", "$lt needs a number or a string"],
    ["$lte an object", { a: { $lte: {} } }, "$lte", "$lte needs a number or a string"],
    ["$not a number", { a: { $not: 5 } }, "$not", "$not needs an object of conditions"],
    ["$not an array", { a: { $not: [{ $gt: 1 }] } }, "$not", "$not needs an object of conditions"],
    [
      "$elemMatch an array",
      { a: { $elemMatch: [1] } },
      "$elemMatch",
      "$elemMatch needs an object of conditions",
    ],
    [
      "$elemMatch null",
      { a: { $elemMatch: null } },
      "$elemMatch",
      "$elemMatch needs an object of conditions",
    ],
    ["$all empty", { a: { $all: [] } }, "$all", "$all needs a non-empty array"],
    ["$all a scalar", { a: { $all: 1 } }, "$all", "$all needs a non-empty array"],
    [
      "$or on a field",
      { a: { $or: [{ $gt: 1 }] } },
      "$or",
      "$or cannot be applied to a field; use it at query level",
    ],
  ])("refuses %s", (_case, query, operator, message) => {
    // Act
    const problems = findQueryProblems(query);
    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ operator, message });
  });

  it("names the element of $and/$or/$nor that is not a query", () => {
    const problems = findQueryProblems({ $or: [{ a: 1 }, 5, [{ b: 1 }]] });
    expect(problems).toEqual([
      { path: ["$or", 1], message: "$or elements must be query objects" },
      { path: ["$or", 2], message: "$or elements must be query objects" },
    ]);
  });

  it.each<[string, unknown]>([
    ["an object (sift reads it as a query)", { b: 1 }],
    ["an operator object other than $elemMatch", { $gt: 1 }],
    ["an array (sift reads it as a query by index)", [1, 2]],
  ])("refuses an $all element that is %s", (_kind, element) => {
    const problems = findQueryProblems({ a: { $all: ["x", element] } });
    expect(problems).toEqual([
      {
        path: ["a", "$all", 1],
        operator: "$all",
        message: "$all elements must be strings, numbers, booleans, null or { $elemMatch: ... }",
      },
    ]);
  });

  it("refuses field names mixed with operators, which sift throws on", () => {
    const problems = findQueryProblems({ a: { $gt: 1, b: 2 } });
    expect(problems).toEqual([
      { path: ["a", "b"], message: 'field name "b" among operators; use a dotted path' },
    ]);
  });

  it("still names what hides inside a malformed operand", () => {
    const problems = findQueryProblems({ $or: WHERE });
    expect(operatorsOf(problems)).toEqual(["$or", "$where"]);
  });

  it("refuses a query that contains itself instead of looping", () => {
    // Prepare
    const inner: Record<string, unknown> = { a: 1 };
    const query = { $or: [inner] };
    inner.$and = [query];
    // Act
    const problems = findQueryProblems(query);
    // Assess
    expect(problems).toEqual([
      { path: ["$or", 0, "$and", 0], message: "the query refers to itself" },
    ]);
  });

  it("refuses a query that nests deeper than 64 levels", () => {
    let query: object = { a: 1 };
    for (let level = 0; level < 70; level += 1) query = { $not: query };
    const problems = findQueryProblems(query);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toBe("the query nests more than 64 levels deep");
    expect(problems[0]?.path).toHaveLength(65);
  });

  it("reports every problem, not only the first", () => {
    const problems = findQueryProblems({
      "a.__proto__": 1,
      b: { $size: -1, $regex: "x" },
      $or: [{ c: { $where: "1" } }],
    });
    expect(problems.map((problem) => problem.operator ?? problem.segment)).toEqual([
      "__proto__",
      "$size",
      "$regex",
      "$where",
    ]);
  });

  it("ignores inherited keys, as sift does", () => {
    // Prepare: a query whose prototype carries $where (not a plain object: refused as such)
    const query = Object.create(WHERE);
    // Act
    const problems = findQueryProblems(query);
    // Assess
    expect(problems).toEqual([{ path: [], message: "a query must be a plain object" }]);
  });
});

describe("formatQueryProblem", () => {
  it("renders the path in JavaScript notation before the message", () => {
    const [problem] = findQueryProblems({ $or: [{ a: 1 }, { "a.b": { $elemMatch: WHERE } }] });
    expect(problem && formatQueryProblem(problem)).toBe(
      '$or[1]["a.b"].$elemMatch.$where: operator $where is not allowed (it runs code)',
    );
  });

  it("names the query itself when the path is empty", () => {
    expect(formatQueryProblem({ path: [], message: "a query must be a plain object" })).toBe(
      "(query): a query must be a plain object",
    );
  });
});
