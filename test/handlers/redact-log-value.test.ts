import { afterEach, describe, expect, it, vi } from "vitest";
import { logger } from "../../lambdas/handlers/observability.ts";
import { REDACTED, redactLogValue } from "../../lambdas/handlers/redact-log-value.ts";

const TOKEN = "AQCEAAAAKgAAAAMAAAAAAAAAAfH3aHR0cHM6Ly9zdGF0ZXMuYW1hem9uYXdzLmNvbQ";

describe("redactLogValue", () => {
  it("masks tokens, link ids, link paths and signatures, wherever they sit", () => {
    const line = JSON.stringify(
      {
        token: TOKEN,
        payload: { instance: { tenant: "default", id: "01J" }, TaskToken: TOKEN },
        linkId: "7QK2M9XAB3",
        link: "https://baton.example.com/a/7QK2M9XAB3?x=1",
        path: "/a/7QK2M9XAB3/decide",
        headers: { "X-Baton-Signature": "t=1,sha256=abc" },
      },
      redactLogValue,
    );

    expect(JSON.parse(line)).toEqual({
      token: REDACTED,
      payload: { instance: { tenant: "default", id: "01J" }, TaskToken: REDACTED },
      linkId: REDACTED,
      link: `https://baton.example.com/a/${REDACTED}?x=1`,
      path: `/a/${REDACTED}/decide`,
      headers: { "X-Baton-Signature": REDACTED },
    });
  });

  it("leaves other values as they are", () => {
    const value = {
      node: "lead",
      path: "/v1/instances/01J",
      count: 3,
      nodes: { a: { outcome: "ok" } },
    };

    expect(JSON.parse(JSON.stringify(value, redactLogValue))).toEqual(value);
  });
});

describe("the handlers' logger", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("writes no token or link id", () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });

    logger.info("approval opened", {
      request: { token: TOKEN, node: "lead" },
      link: "https://baton.example.com/a/7QK2M9XAB3",
    });

    const output = written.join("");
    expect(output).toContain('"node":"lead"');
    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain("7QK2M9XAB3");
  });
});
