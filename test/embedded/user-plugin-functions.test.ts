import { describe, expect, it } from "vitest";
import type { FunctionAnswer } from "../../lambdas/adapters/plugin-function-answer.ts";
import { type PluginCall, PluginFailedError } from "../../lambdas/core/ports/plugins.ts";
import { UserPluginError } from "../../lambdas/embedded/user-plugins/user-plugin-error.ts";
import type { UserPluginOptions } from "../../lambdas/embedded/user-plugins/user-plugin-options.ts";
import {
  userPluginFunction,
  userPlugins,
} from "../../lambdas/embedded/user-plugins/user-plugins.ts";

const FIXTURES = "test/fixtures/plugins";

/** A fixture handler's function, its log lines kept. */
function fixture(kind: "node" | "python", file: string, options: UserPluginOptions = {}) {
  const lines: string[] = [];
  const fn = userPluginFunction(
    { name: `fixture.${kind}`, kind, handler: `${FIXTURES}/${file}` },
    { log: (_plugin, line) => lines.push(line), ...options },
  );
  return { fn, lines };
}

/** The fixture as an in-process plugin of the engine, called with `event` as its call. */
function callFixture(kind: "node" | "python", file: string, event: object) {
  const plugins = userPlugins([{ name: "fixture", kind, handler: `${FIXTURES}/${file}` }], {
    log: () => {},
  });
  return plugins.fixture?.(event as PluginCall);
}

const failure = (answer: FunctionAnswer) => (answer.ok ? undefined : answer.error);

describe.each([
  { kind: "node", ext: "ts", raise: "throw", errorType: "TypeError", message: "no amount given" },
  {
    kind: "python",
    ext: "py",
    raise: "raise",
    errorType: "ValueError",
    message: "scanner offline",
  },
] as const)("a $kind user plugin", ({ kind, ext, raise, errorType, message }) => {
  const behaviours = `behaviours.${ext}`;

  it("gets a JSON copy of the event, a Lambda context and the function's environment", async () => {
    const { fn } = fixture(kind, behaviours, {
      environment: { BATON_CALLBACK_KEY: "k".repeat(43) },
    });
    const event = { do: "echo", list: [1, 2] };

    const answer = await fn.invoke(event);

    expect(answer).toEqual({
      ok: true,
      result: {
        event: { do: "echo", list: [1, 2] },
        functionName: `fixture.${kind}`,
        hasTimeLeft: true,
        key: "k".repeat(43),
      },
    });
    expect(event.list).toEqual([1, 2]);
  });

  it("answers what the handler raises as Lambda's error envelope, and logs it", async () => {
    const { fn, lines } = fixture(kind, behaviours);

    const answer = await fn.invoke({ do: raise });

    expect(failure(answer)).toMatchObject({ errorType, errorMessage: message });
    expect(lines.join("\n")).toContain(`${errorType}: ${message}`);
  });

  it("turns what the handler raises into a transient error naming it", async () => {
    await expect(callFixture(kind, behaviours, { do: raise })).rejects.toThrow(
      `plugin fixture failed: ${errorType}: ${message}`,
    );
  });

  it("fails its task with the output of the SDK's PluginFailed", async () => {
    const error = await callFixture(kind, behaviours, { do: "fail" })?.catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(PluginFailedError);
    expect((error as PluginFailedError).output).toEqual({ reason: "quota exceeded" });
  });

  it("refuses a result that is not a JSON object, as the Lambda adapter does", async () => {
    await expect(
      callFixture(kind, behaviours, { do: kind === "node" ? "nothing" : "list" }),
    ).rejects.toThrow("plugin fixture answered no JSON object");
  });

  it("answers Runtime.HandlerNotFound for a module without a handler", async () => {
    const { fn } = fixture(kind, kind === "node" ? "no-handler.ts" : "no_handler.py");

    expect(failure(await fn.invoke({}))?.errorType).toBe("Runtime.HandlerNotFound");
  });

  it("answers Runtime.ImportModuleError with the cause for a module that does not load", async () => {
    const { fn } = fixture(kind, kind === "node" ? "broken-import.ts" : "broken_import.py");

    const error = failure(await fn.invoke({}));

    expect(error?.errorType).toBe("Runtime.ImportModuleError");
    expect(error?.errorMessage).toContain(
      kind === "node" ? "cannot load this module" : "baton_module_that_does_not_exist",
    );
  });
});

describe("a node user plugin, in the engine's process", () => {
  it("has its result carried as JSON, as Lambda carries it", async () => {
    const { fn } = fixture("node", "behaviours.ts");

    expect(await fn.invoke({ do: "other" })).toEqual({
      ok: true,
      result: { date: "1970-01-01T00:00:00.000Z" },
    });
  });

  it("is answered Sandbox.Timedout when the handler outlasts the timeout", async () => {
    const { fn } = fixture("node", "behaviours.ts", { timeoutMs: 50 });

    expect(failure(await fn.invoke({ do: "hang" }))).toEqual({
      errorType: "Sandbox.Timedout",
      errorMessage: "Task timed out after 0.05 seconds",
    });
  });
});

describe("a python user plugin, in a python3 process per invocation", () => {
  it("logs what the handler prints and keeps its answer whole", async () => {
    const { fn, lines } = fixture("python", "behaviours.py");

    const answer = await fn.invoke({ do: "print" });

    expect(answer).toEqual({ ok: true, result: { printed: true } });
    expect(lines).toContain("hello from the handler");
  });

  it("is killed and answered Sandbox.Timedout when the handler outlasts the timeout", async () => {
    const { fn } = fixture("python", "behaviours.py", { timeoutMs: 500 });

    expect(failure(await fn.invoke({ do: "sleep" }))?.errorType).toBe("Sandbox.Timedout");
  });

  it("answers Runtime.ExitError when the process exits without an answer", async () => {
    const { fn } = fixture("python", "behaviours.py");

    expect(failure(await fn.invoke({ do: "exit" }))).toEqual({
      errorType: "Runtime.ExitError",
      errorMessage: "Runtime exited without an answer: exit status 3",
    });
  });

  it("answers Runtime.MarshalError for a result JSON cannot carry", async () => {
    const { fn } = fixture("python", "behaviours.py");

    expect(failure(await fn.invoke({ do: "unmarshallable" }))?.errorType).toBe(
      "Runtime.MarshalError",
    );
  });

  it("answers Function.ResponseSizeTooLarge for an answer over Lambda's 6 MB", async () => {
    const { fn } = fixture("python", "behaviours.py");

    expect(failure(await fn.invoke({ do: "huge" }))?.errorType).toBe(
      "Function.ResponseSizeTooLarge",
    );
  });

  it("answers Runtime.InvalidEntrypoint when the interpreter cannot be run", async () => {
    const { fn } = fixture("python", "behaviours.py", { python: "/nonexistent/python3" });

    const error = failure(await fn.invoke({ do: "echo" }));

    expect(error?.errorType).toBe("Runtime.InvalidEntrypoint");
    expect(error?.errorMessage).toContain("/nonexistent/python3");
  });
});

describe("user plugin declarations", () => {
  it("refuses a handler file that is not there, naming the plugin and the file", () => {
    expect(() =>
      userPlugins([{ name: "risk-check", kind: "node", handler: "plugins/risk-check/index.ts" }]),
    ).toThrow(
      new UserPluginError(
        "risk-check",
        `handler plugins/risk-check/index.ts is not a file (looked for ${process.cwd()}/plugins/risk-check/index.ts)`,
      ),
    );
  });

  it("refuses two plugins of one name", () => {
    const handler = `${FIXTURES}/behaviours.py`;

    expect(() =>
      userPlugins([
        { name: "scan", kind: "python", handler },
        { name: "scan", kind: "python", handler },
      ]),
    ).toThrow("plugin scan: declared twice");
  });
});
