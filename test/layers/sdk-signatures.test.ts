import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signCallback } from "../../lambdas/core/security/callback-signature.ts";
import {
  signEvent as engineSignEvent,
  verifyEvent as engineVerifyEvent,
} from "../../lambdas/core/security/event-signature.ts";
import {
  EventSignatureError,
  signCallback as sdkSignCallback,
  signEvent,
  verifyEvent,
} from "../../layers/node/baton-sdk/index.ts";
import { runPython } from "../support/run-python.ts";

/** Text as people and systems send it: any characters, JSON-safe. */
const text = fc.string({ unit: "grapheme", maxLength: 60 });
const key = fc.string({ unit: "grapheme", minLength: 1, maxLength: 50 });
const seconds = fc.integer({ min: 0, max: 4_000_000_000 });

/** Runs `program` once on `cases` (as JSON on stdin); it prints a JSON list, one per case. */
async function python(program: string, cases: unknown[]): Promise<unknown[]> {
  const head =
    "import json, sys\nimport baton_sdk\ncases = json.loads(sys.stdin.buffer.read().decode('utf-8'))\n";
  return JSON.parse(await runPython(head + program, JSON.stringify(cases))) as unknown[];
}

describe("the plugin SDKs sign as the engine checks", () => {
  it("signs a callback report as the engine does, in Node and in Python", async () => {
    const cases = fc.sample(
      fc.record({ key, tenant: text, callbackId: text, body: text, t: seconds }),
      200,
    );

    const fromPython = await python(
      "print(json.dumps([baton_sdk.sign_callback(c['key'], c['tenant'], c['callbackId'], c['body'], c['t']) for c in cases]))",
      cases,
    );

    const fromEngine = cases.map((c) =>
      signCallback(c.key, { tenant: c.tenant, callbackId: c.callbackId }, c.body, c.t),
    );
    expect(fromPython).toEqual(fromEngine);
    expect(cases.map((c) => sdkSignCallback(c.key, c, c.body, c.t))).toEqual(fromEngine);
  });

  it("signs an event body as the engine's webhook does, in Node and in Python", async () => {
    const cases = fc.sample(fc.record({ secret: key, body: text, t: seconds }), 200);

    const fromPython = await python(
      "print(json.dumps([baton_sdk.sign_event(c['secret'], c['body'], c['t']) for c in cases]))",
      cases,
    );

    const fromEngine = cases.map((c) => engineSignEvent(c.secret, c.body, c.t));
    expect(fromPython).toEqual(fromEngine);
    expect(cases.map((c) => signEvent(c.secret, c.body, c.t))).toEqual(fromEngine);
  });
});

/** A delivery as a receiver gets it, signed `age` seconds before it is checked. */
const deliveries = fc
  .record({
    secret: key,
    body: fc.jsonValue().map((value) => JSON.stringify(value)),
    at: fc.integer({ min: 1_000_000_000, max: 3_000_000_000 }),
    age: fc.integer({ min: -400, max: 400 }),
    tamper: fc.constantFrom("none", "body", "secret", "header"),
  })
  .map(({ secret, body, at, age, tamper }) => {
    const header = signEvent(secret, body, at);
    return {
      secret: tamper === "secret" ? `${secret}x` : secret,
      body: tamper === "body" ? `${body} ` : body,
      header: tamper === "header" ? header.replace("sha256=", "sha1=") : header,
      now: at + age,
      holds: tamper === "none" && Math.abs(age) <= 300,
    };
  });

/** What the Node SDK says of a delivery: the event, or the problem. */
function nodeVerdict(d: { secret: string; body: string; header: string; now: number }) {
  try {
    return { event: verifyEvent(d.body, d.header, d.secret, { now: new Date(d.now * 1000) }) };
  } catch (error) {
    if (error instanceof EventSignatureError) return { problem: error.problem };
    throw error;
  }
}

describe("verifyEvent", () => {
  it("takes a delivery signed with the secret over its body within 5 minutes, and nothing else", () => {
    fc.assert(
      fc.property(deliveries, (d) => {
        const verdict = nodeVerdict(d);
        expect("event" in verdict).toBe(d.holds);
        expect(engineVerifyEvent(d.secret, d.body, d.header, d.now)).toBe(d.holds);
        if (d.holds) expect(verdict).toEqual({ event: JSON.parse(d.body) });
      }),
    );
  });

  it("agrees in Python with Node on every delivery, and names the same problem", async () => {
    const cases = fc.sample(deliveries, 300);

    const fromPython = await python(
      [
        "out = []",
        "for c in cases:",
        "    try:",
        "        out.append({'event': baton_sdk.verify_event(c['body'], c['header'], c['secret'], now=c['now'])})",
        "    except baton_sdk.EventSignatureError as refused:",
        "        out.append({'problem': refused.problem})",
        "print(json.dumps(out))",
      ].join("\n"),
      cases,
    );

    expect(fromPython).toEqual(cases.map(nodeVerdict));
  });

  it("names what is wrong with a header", () => {
    const body = '{"id":"1"}';
    const now = new Date(1_767_225_600_000);
    const problem = (header: string | undefined) => {
      try {
        verifyEvent(body, header, "s3cret", { now });
        return "none";
      } catch (error) {
        return (error as EventSignatureError).problem;
      }
    };

    expect(problem(undefined)).toBe("missing");
    expect(problem("sha256=abc")).toBe("malformed");
    expect(problem(signEvent("s3cret", body, 1_767_225_600 - 301))).toBe("stale");
    expect(problem(signEvent("s3cret", body, 1_767_225_600 + 301))).toBe("stale");
    expect(problem(signEvent("other", body, 1_767_225_600))).toBe("mismatch");
    expect(problem(signEvent("s3cret", body, 1_767_225_600 - 300))).toBe("none");
  });
});
