import { describe, expect, it } from "vitest";
import { environmentName } from "../../cdk/environment-name.ts";

describe("environmentName", () => {
  it("is dev when -c env is not given", () => {
    expect(environmentName(undefined)).toBe("dev");
  });

  it.each(["dev", "prod", "staging-2", "a", "a234567890123456789z"])("accepts %j", (name) => {
    expect(environmentName(name)).toBe(name);
  });

  it.each(["", "Prod", "2prod", "-prod", "prod_eu", "prod env", "a2345678901234567890z", 42, null])(
    "refuses %j with the expected form",
    (value) => {
      expect(() => environmentName(value)).toThrow(
        /Bad environment name .* use 1 to 20 lower-case letters, digits and hyphens, starting with a letter/,
      );
    },
  );
});
