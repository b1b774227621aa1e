/**
 * The form values in what a `baton simulate` script step gives an approve or reject (its
 * `output`): everything but a string `comment`, which is the decision's comment; `undefined`
 * when nothing is left. A `comment` that is not a string is a form value.
 *
 * @example
 * decisionForm({ comment: "ok", level: 2 }); // { level: 2 }
 * decisionForm({ comment: "ok" }); // undefined
 */
export function decisionForm(
  output: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (output === undefined) return undefined;
  const { comment, ...rest } = output;
  const form = typeof comment === "string" || comment === undefined ? rest : output;
  return Object.keys(form).length > 0 ? form : undefined;
}
