import type { Problem } from "../../core/validation/problem.ts";
import { escapeHtml } from "./escape-html.ts";
import type { PlaygroundText } from "./playground-text.ts";

/**
 * The playground's verdict on a text as HTML, the same on the server and in the browser: "no
 * problems", or how many and the list of them in line order, each as `line N: message [rule]`
 * (a problem without a line, such as an empty text, as its message alone). `line N` links to the
 * editor (`#template-source`); the playground's script makes it select that line.
 *
 * @example
 * playgroundProblemsHtml([{ rule: "cycle", message: "…", path: [], line: 7 }], text);
 * // <p class="problem-count">1 problem</p><ol class="problems"><li data-line="7">…
 */
export function playgroundProblemsHtml(problems: readonly Problem[], text: PlaygroundText): string {
  if (problems.length === 0) return `<p class="valid">${escapeHtml(text.valid)}</p>`;
  const items = problems.map((problem) => {
    const where =
      problem.line === undefined
        ? ""
        : `<a class="line" href="#template-source" data-line="${problem.line}">${escapeHtml(text.line(problem.line))}</a>: `;
    const line = problem.line === undefined ? "" : ` data-line="${problem.line}"`;
    return `<li${line}>${where}${escapeHtml(problem.message)} <span class="rule">[${escapeHtml(problem.rule)}]</span></li>`;
  });
  return `<p class="problem-count">${escapeHtml(text.count(problems.length))}</p>
<ol class="problems">${items.join("")}</ol>`;
}
