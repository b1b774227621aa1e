import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..");

/** The Markdown files of the repository: tracked or new, not ignored (so never node_modules). */
const MARKDOWN = execFileSync(
  "git",
  ["ls-files", "--cached", "--others", "--exclude-standard", "--", "*.md"],
  { cwd: ROOT, encoding: "utf8" },
)
  .split("\n")
  .filter((file) => file !== "" && existsSync(join(ROOT, file)));

/** The text of a Markdown file outside its fenced code blocks. */
function prose(file: string): string {
  return readFileSync(join(ROOT, file), "utf8").replace(
    /^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm,
    "",
  );
}

/**
 * Every place a Markdown file points at: the targets of `[text](target)` links and `[label]:
 * target` definitions, and inline code naming a relative path upwards (`../…`), as the docs
 * once named files that only existed beside the repository.
 */
function targets(file: string): string[] {
  const text = prose(file);
  const links = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)];
  const definitions = [...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)];
  const paths = [...text.matchAll(/`(\.\.\/[^`\s]*)`/g)];
  return [...links, ...definitions, ...paths].map((match) => match[1] ?? "");
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchors(file: string): Set<string> {
  const headings = [...prose(file).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)];
  return new Set(headings.map((match) => slug(match[1] ?? "")));
}

/** Why a target of `file` does not lead to a file (and heading) of the repository, if it does not. */
function problem(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//")) {
    return "leads outside the repository";
  }
  const [path = "", anchor] = target.split("#");
  const resolved = path === "" ? join(ROOT, file) : resolve(ROOT, dirname(file), path);
  const inRepo = relative(ROOT, resolved);
  if (inRepo.startsWith("..")) return "leads outside the repository";
  if (!existsSync(resolved)) return "names no file of the repository";
  const isMarkdown = resolved.endsWith(".md") && statSync(resolved).isFile();
  if (anchor !== undefined && isMarkdown && !anchors(inRepo).has(anchor)) {
    return `names no heading of ${inRepo}`;
  }
  return undefined;
}

describe("Markdown links", () => {
  it("finds the repository's Markdown files", () => {
    // Assess
    expect(MARKDOWN).toEqual(expect.arrayContaining(["README.md", "docs/semantics.md"]));
  });

  it.each(MARKDOWN)("%s links only to files and headings inside the repository", (file) => {
    // Act
    const broken = targets(file)
      .map((target) => ({ target, problem: problem(file, target) }))
      .filter((link) => link.problem !== undefined);
    // Assess
    expect(broken).toEqual([]);
  });

  it("refuses a link that leaves the repository", () => {
    // Act / Assess
    expect(problem("docs/semantics.md", "../../shared/SEMANTICS.md")).toBe(
      "leads outside the repository",
    );
    expect(problem("README.md", "https://example.com/")).toBe("leads outside the repository");
    expect(problem("README.md", "docs/nothing-here.md")).toBe("names no file of the repository");
    expect(problem("README.md", "docs/semantics.md#no-such-heading")).toBe(
      "names no heading of docs/semantics.md",
    );
    expect(problem("README.md", "docs/semantics.md#8-simulation")).toBeUndefined();
  });
});
