import { describe, expect, it } from "vitest";
import { isTemplateFileName } from "../../lambdas/core/template/template-file-name.ts";

describe("isTemplateFileName", () => {
  it("takes YAML and JSON files of a definitions folder, but not its plugins file", () => {
    expect(["expense.yaml", "leave.yml", "pay.json", "LOUD.YAML"].every(isTemplateFileName)).toBe(
      true,
    );
    expect(["plugins.yaml", "README.md", "yaml", "notes.txt"].some(isTemplateFileName)).toBe(false);
  });
});
