import { describe, expect, it } from "vitest";
import { type EventPattern, matchesPattern } from "../../lambdas/core/events/event-pattern.ts";
import { EventPatternError } from "../../lambdas/core/events/event-pattern-error.ts";

/**
 * An event in EventBridge's shape, written for these tests; the cases below follow the
 * matching rules of EventBridge's documentation ("Event patterns", "Content filtering",
 * "Arrays", "Null values and empty strings", "$or").
 */
const ORDER = {
  version: "0",
  id: "7f9c2d1e-0000-4a4a-9b9b-5d5d5d5d5d5d",
  "detail-type": "Order Shipped",
  source: "shop.orders",
  account: "210987654321",
  time: "2026-03-04T10:20:30Z",
  region: "eu-central-1",
  resources: ["arn:shop:eu-central-1:210987654321:store/berlin", "arn:shop:store/paris"],
  detail: {
    state: "shipped",
    items: 3,
    weight: 12.5,
    courier: null,
    note: "",
    express: true,
    customer: { tier: "gold", country: "DE" },
    lines: [
      { sku: "A1", qty: 2 },
      { sku: "B2", qty: 1 },
    ],
    tags: ["fragile", "gift"],
  },
};

const cases: [string, EventPattern, boolean][] = [
  // Exact values: fields are ANDed, the values of one field ORed, strings case-sensitive.
  ["an exact source", { source: ["shop.orders"] }, true],
  ["one of several values", { source: ["shop.returns", "shop.orders"] }, true],
  ["every field must match", { source: ["shop.orders"], "detail-type": ["Order Placed"] }, false],
  ["strings are case-sensitive", { source: ["Shop.Orders"] }, false],
  ["a nested detail field", { detail: { state: ["shipped"] } }, true],
  ["two levels down", { detail: { customer: { tier: ["gold"] } } }, true],
  ["a field the event lacks", { detail: { carrier: ["dhl"] } }, false],
  ["a number", { detail: { items: [3] } }, true],
  ["a number written otherwise", { detail: { weight: [1.25e1] } }, true],
  ["a number is not its string", { detail: { items: ["3"] } }, false],
  ["a boolean", { detail: { express: [true] } }, true],
  ["null matches null", { detail: { courier: [null] } }, true],
  ["the empty string matches the empty string", { detail: { note: [""] } }, true],
  ["null is not the empty string", { detail: { courier: [""] } }, false],
  ["the empty string is not null", { detail: { note: [null] } }, false],
  // Arrays in the event: the pattern matches if the intersection is not empty.
  ["resources intersect", { resources: ["arn:x", "arn:shop:store/paris"] }, true],
  ["resources do not intersect", { resources: ["arn:shop:store/rome"] }, false],
  ["a value in an array of strings", { detail: { tags: ["gift"] } }, true],
  ["a field of objects in an array", { detail: { lines: { sku: ["B2"] } } }, true],
  ["fields of one array element together", { detail: { lines: { sku: ["A1"], qty: [2] } } }, true],
  [
    "fields of different array elements never combine",
    { detail: { lines: { sku: ["A1"], qty: [1] } } },
    false,
  ],
  // prefix, suffix, equals-ignore-case.
  ["prefix", { time: [{ prefix: "2026-03-04" }] }, true],
  ["prefix that does not fit", { time: [{ prefix: "2026-03-05" }] }, false],
  ["prefix needs a string", { detail: { items: [{ prefix: "3" }] } }, false],
  ["prefix ignoring case", { source: [{ prefix: { "equals-ignore-case": "SHOP." } }] }, true],
  ["suffix", { source: [{ suffix: ".orders" }] }, true],
  ["suffix that does not fit", { source: [{ suffix: ".returns" }] }, false],
  [
    "suffix ignoring case",
    { "detail-type": [{ suffix: { "equals-ignore-case": "SHIPPED" } }] },
    true,
  ],
  ["equals-ignore-case", { "detail-type": [{ "equals-ignore-case": "order shipped" }] }, true],
  [
    "equals-ignore-case is still equality",
    { "detail-type": [{ "equals-ignore-case": "order" }] },
    false,
  ],
  // anything-but.
  ["anything-but another string", { detail: { state: [{ "anything-but": "pending" }] } }, true],
  ["anything-but the value", { detail: { state: [{ "anything-but": "shipped" }] } }, false],
  ["anything-but a number", { detail: { items: [{ "anything-but": 4 }] } }, true],
  ["anything-but the number", { detail: { items: [{ "anything-but": 3 }] } }, false],
  [
    "anything-but a list holding the value",
    { detail: { state: [{ "anything-but": ["pending", "shipped"] }] } },
    false,
  ],
  ["anything-but a list of numbers", { detail: { items: [{ "anything-but": [1, 2] }] } }, true],
  ["anything-but a prefix", { region: [{ "anything-but": { prefix: "us-" } }] }, true],
  ["anything-but the prefix", { region: [{ "anything-but": { prefix: "eu-" } }] }, false],
  ["anything-but a suffix", { source: [{ "anything-but": { suffix: ".orders" } }] }, false],
  [
    "anything-but in any case",
    { detail: { state: [{ "anything-but": { "equals-ignore-case": "SHIPPED" } }] } },
    false,
  ],
  ["anything-but needs the field", { detail: { carrier: [{ "anything-but": "dhl" }] } }, false],
  [
    "anything-but on an array: one other element suffices",
    { detail: { tags: [{ "anything-but": "gift" }] } },
    true,
  ],
  // numeric.
  ["numeric range", { detail: { items: [{ numeric: [">", 0, "<=", 5] }] } }, true],
  ["numeric range that excludes", { detail: { items: [{ numeric: [">", 3, "<=", 5] }] } }, false],
  ["numeric equality", { detail: { weight: [{ numeric: ["=", 12.5] }] } }, true],
  ["numeric lower bound", { detail: { weight: [{ numeric: [">=", 12.5] }] } }, true],
  ["numeric upper bound", { detail: { weight: [{ numeric: ["<", 12.5] }] } }, false],
  ["numeric needs a number", { detail: { state: [{ numeric: [">", 0] }] } }, false],
  // exists.
  ["exists: a present leaf", { detail: { items: [{ exists: true }] } }, true],
  ["exists: a null leaf is present", { detail: { courier: [{ exists: true }] } }, true],
  ["exists: an absent field", { detail: { carrier: [{ exists: true }] } }, false],
  ["exists false: an absent field", { detail: { carrier: [{ exists: false }] } }, true],
  ["exists false: a present field", { detail: { items: [{ exists: false }] } }, false],
  ["exists looks at leaves only", { detail: { customer: [{ exists: true }] } }, false],
  ["so an object does not exist for it", { detail: { customer: [{ exists: false }] } }, true],
  [
    "exists false under an absent object",
    { detail: { shipping: { city: [{ exists: false }] } } },
    true,
  ],
  // A field's list is ORed, mixing kinds of matcher.
  ["one of mixed matchers", { detail: { state: [{ prefix: "pend" }, "shipped"] } }, true],
  // $or.
  [
    "$or: one branch matches",
    { source: ["shop.orders"], $or: [{ detail: { items: [7] } }, { region: ["eu-central-1"] }] },
    true,
  ],
  [
    "$or: no branch matches",
    { $or: [{ detail: { items: [7] } }, { region: ["us-east-1"] }] },
    false,
  ],
  [
    "$or inside detail, ANDed with the rest",
    {
      "detail-type": ["Order Shipped"],
      detail: { $or: [{ state: ["lost"] }, { customer: { tier: ["gold"] }, express: [true] }] },
    },
    true,
  ],
  [
    "$or nested in $or",
    {
      $or: [
        { source: ["shop.returns"] },
        { $or: [{ region: ["us-east-1"] }, { detail: { tags: ["gift"] } }] },
      ],
    },
    true,
  ],
];

describe("matchesPattern, on EventBridge's documented rules", () => {
  it.each(cases)("%s", (_title, pattern, expected) => {
    expect(matchesPattern(pattern, ORDER)).toBe(expected);
  });

  it("an empty pattern matches every event", () => {
    expect(matchesPattern({}, ORDER)).toBe(true);
  });

  it.each<[string, EventPattern, RegExp]>([
    [
      "cidr",
      { detail: { ip: [{ cidr: "10.0.0.0/24" }] } as never },
      /detail\.ip: unsupported operator "cidr"/,
    ],
    [
      "wildcard",
      { source: [{ wildcard: "shop.*" }] as never },
      /source: unsupported operator "wildcard"/,
    ],
    ["an empty list", { source: [] }, /source: a field's list of matchers is empty/],
    [
      "numeric with a word",
      { detail: { items: [{ numeric: ["between", 1] as never }] } },
      /numeric takes/,
    ],
    [
      "numeric with three terms",
      { detail: { items: [{ numeric: [">", 1, "<"] as never }] } },
      /numeric takes/,
    ],
    [
      "two operators in one matcher",
      { source: [{ prefix: "a", suffix: "b" } as never] },
      /one operator/,
    ],
    [
      "exists with a string",
      { source: [{ exists: "yes" } as never] },
      /exists takes true or false/,
    ],
    ["$or with one branch", { $or: [{ source: ["a"] }] }, /\$or takes two patterns or more/],
  ])("refuses %s with the field named, before matching anything", (_title, pattern, message) => {
    const refusal = (() => {
      try {
        matchesPattern(pattern, {});
        return undefined;
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(EventPatternError);
    expect((refusal as Error).message).toMatch(message);
  });
});
