import type { ChoiceRule } from "./asl.ts";

/** A boolean over the flow context that a Choice state can test, folded where it is constant. */
export type GuardExpression = boolean | ChoiceRule;

/**
 * The rules without repeats, each kept where it first appears: `a or a` is `a`, as `a and a`
 * (two edges into one Parallel may test the same field, and their `or` would list it twice).
 *
 * @example
 * distinct([{ Variable: "$.input.x", IsPresent: true }, { Variable: "$.input.x", IsPresent: true }]);
 * // [{ Variable: "$.input.x", IsPresent: true }]
 */
export function distinct(rules: readonly ChoiceRule[]): ChoiceRule[] {
  const seen = new Set<string>();
  return rules.filter((rule) => {
    const key = JSON.stringify(rule);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `a or b or …`, folding constants, flattening nested `Or`s and dropping repeats. */
export function or(terms: readonly GuardExpression[]): GuardExpression {
  if (terms.includes(true)) return true;
  const rules = distinct(
    terms
      .filter((term): term is ChoiceRule => term !== false)
      .flatMap((rule) => ("Or" in rule && rule.Or ? rule.Or : [rule])),
  );
  if (rules.length === 0) return false;
  return rules.length === 1 && rules[0] ? rules[0] : { Or: rules };
}

/** `not a`, folding constants. */
export function not(a: GuardExpression): GuardExpression {
  if (typeof a === "boolean") return !a;
  return "Not" in a ? a.Not : { Not: a };
}
