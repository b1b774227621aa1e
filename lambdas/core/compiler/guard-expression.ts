import type { ChoiceRule } from "./asl.ts";

/** A boolean over the flow context that a Choice state can test, folded where it is constant. */
export type GuardExpression = boolean | ChoiceRule;

/** `a or b or …`, folding constants. */
export function or(terms: readonly GuardExpression[]): GuardExpression {
  if (terms.includes(true)) return true;
  const rules = terms
    .filter((term): term is ChoiceRule => term !== false)
    .flatMap((rule) => ("Or" in rule && rule.Or ? rule.Or : [rule]));
  if (rules.length === 0) return false;
  return rules.length === 1 && rules[0] ? rules[0] : { Or: rules };
}

/** `not a`, folding constants. */
export function not(a: GuardExpression): GuardExpression {
  if (typeof a === "boolean") return !a;
  return "Not" in a ? a.Not : { Not: a };
}
