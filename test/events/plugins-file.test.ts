import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePlugins } from "../../lambdas/core/plugins/parse-plugins.ts";
import { loadPluginsFile } from "../../lambdas/embedded/event-plugins/load-plugins-file.ts";

const EXAMPLE = `plugins:
  - name: audit-log
    kind: log
    subscriptions:
      - events: [flow.ended, node.completed]
        templates: [expense]
        nodes: [lead]
  - name: ci
    kind: webhook
    url: https://ci.example.com/baton
    secret: env:CI_WEBHOOK_SECRET
    subscriptions:
      - events: [flow.ended]
  - name: chat
    kind: notifier
    url: http://127.0.0.1:9000/hook
  - name: risk-check
    kind: node
    handler: plugins/risk-check/index.ts
  - name: scorer
    kind: python
    handler: plugins/scorer/handler.py
    subscriptions:
      - events: [node.activated]
  - name: flow-events
    kind: queue
    queue: arn:aws:sqs:eu-west-1:123456789012:flow-events
    subscriptions:
      - events: [flow.ended]
`;

const ENV = { CI_WEBHOOK_SECRET: "k".repeat(43) };

/** The problems of a file as `line message` strings. */
function problems(text: string, env: Record<string, string> = ENV): string[] {
  return parsePlugins(text, "plugins.yaml", { env }).problems.map(
    (problem) => `${problem.line} ${problem.message}`,
  );
}

describe("parsePlugins", () => {
  it("reads every kind into its typed declaration", () => {
    const loaded = parsePlugins(EXAMPLE, "definitions/plugins.yaml", { env: ENV });
    expect(loaded.problems).toEqual([]);
    expect(loaded.plugins).toEqual([
      {
        name: "audit-log",
        kind: "log",
        subscriptions: [
          { events: ["flow.ended", "node.completed"], templates: ["expense"], nodes: ["lead"] },
        ],
      },
      {
        name: "ci",
        kind: "webhook",
        url: "https://ci.example.com/baton",
        secretEnv: "CI_WEBHOOK_SECRET",
        subscriptions: [{ events: ["flow.ended"] }],
      },
      {
        name: "chat",
        kind: "notifier",
        url: "http://127.0.0.1:9000/hook",
        subscriptions: [{ events: ["approval.requested", "approval.reminded"] }],
      },
      {
        name: "risk-check",
        kind: "node",
        handler: "plugins/risk-check/index.ts",
        subscriptions: [],
      },
      {
        name: "scorer",
        kind: "python",
        handler: "plugins/scorer/handler.py",
        subscriptions: [{ events: ["node.activated"] }],
      },
      {
        name: "flow-events",
        kind: "queue",
        queueArn: "arn:aws:sqs:eu-west-1:123456789012:flow-events",
        subscriptions: [{ events: ["flow.ended"] }],
      },
    ]);
  });

  it("declares no plugins for an empty file or an empty list", () => {
    expect(parsePlugins("# nothing yet\n", "plugins.yaml").plugins).toEqual([]);
    expect(parsePlugins("plugins: []\n", "plugins.yaml").plugins).toEqual([]);
  });

  it("does not look secrets up without an environment, and never puts a key in a declaration", () => {
    const loaded = parsePlugins(EXAMPLE, "plugins.yaml");
    expect(loaded.problems).toEqual([]);
    expect(JSON.stringify(loaded.plugins)).not.toContain('"k"');
  });

  it.each<[string, string, string[]]>([
    [
      "a webhook without its secret or subscriptions",
      "plugins:\n  - name: ci\n    kind: webhook\n    url: https://ci.example.com/\n",
      ['2 plugin "ci" needs secret', '2 plugin "ci" needs subscriptions'],
    ],
    [
      "a field of another kind",
      "plugins:\n  - name: audit\n    kind: log\n    url: https://x.example/\n    subscriptions: [{ events: [flow.ended] }]\n",
      ['4 plugin "audit": url is not a field of kind log'],
    ],
    [
      "an event type that does not exist",
      "plugins:\n  - name: audit\n    kind: log\n    subscriptions:\n      - events: [flow.ended, flow.exploded]\n",
      [
        '5 plugin "audit": subscriptions[0].events[1] must be one of flow.started, flow.ended, node.activated, node.completed, node.skipped, node.cancelled, approval.requested, approval.decided, approval.reminded, task.requested, task.reminded',
      ],
    ],
    [
      "a notifier subscribed to other events",
      "plugins:\n  - name: chat\n    kind: notifier\n    subscriptions:\n      - events: [flow.ended]\n",
      [
        '5 plugin "chat": subscriptions[0].events[0] must be one of approval.requested, approval.reminded',
      ],
    ],
    [
      "a subscription without events",
      "plugins:\n  - name: audit\n    kind: log\n    subscriptions:\n      - templates: [expense]\n",
      ['5 plugin "audit": subscriptions[0] needs events'],
    ],
    [
      "the same name twice",
      "plugins:\n  - name: audit\n    kind: notifier\n  - name: audit\n    kind: notifier\n",
      ['4 plugin "audit" is declared twice (first as plugins[0])'],
    ],
    [
      "a key written in the file instead of an env: name",
      "plugins:\n  - name: ci\n    kind: webhook\n    url: https://ci.example.com/\n    secret: hunter2\n    subscriptions: [{ events: [flow.ended] }]\n",
      [
        '5 plugin "ci": secret must be env:NAME, naming the environment variable that holds the key',
      ],
    ],
    [
      "a python plugin pointing at a TypeScript file",
      "plugins:\n  - name: scorer\n    kind: python\n    handler: plugins/scorer/index.ts\n",
      ['4 plugin "scorer": handler must be a relative path to a .py file'],
    ],
    [
      "a user plugin without its handler",
      "plugins:\n  - name: risk\n    kind: node\n",
      ['2 plugin "risk" needs handler'],
    ],
    [
      "an unknown kind and a bad name",
      "plugins:\n  - name: Audit_Log\n    kind: syslog\n",
      [
        '2 plugin "Audit_Log": name must be dot-separated lowercase names such as audit-log or erp.pay',
        '3 plugin "Audit_Log": kind must be one of log, webhook, notifier, queue, node, python',
      ],
    ],
    [
      "an unknown top-level field",
      "plugin: []\n",
      ["1 the file has an unknown field plugin", "1 the file needs plugins"],
    ],
    [
      "a queue plugin without its queue or subscriptions",
      "plugins:\n  - name: events\n    kind: queue\n",
      ['2 plugin "events" needs queue', '2 plugin "events" needs subscriptions'],
    ],
    [
      "a queue that is not an SQS queue ARN",
      "plugins:\n  - name: events\n    kind: queue\n    queue: arn:aws:sns:eu-west-1:123456789012:flow-events\n    subscriptions: [{ events: [flow.ended] }]\n",
      [
        '4 plugin "events": queue must be an SQS queue ARN, arn:aws:sqs:<region>:<12-digit account>:<queue name of 1 to 80 letters, digits, - or _>',
      ],
    ],
    [
      "a queue given by its URL",
      "plugins:\n  - name: events\n    kind: queue\n    queue: https://sqs.eu-west-1.amazonaws.com/123456789012/flow-events\n    subscriptions: [{ events: [flow.ended] }]\n",
      [
        '4 plugin "events": queue must be an SQS queue ARN, arn:aws:sqs:<region>:<12-digit account>:<queue name of 1 to 80 letters, digits, - or _>',
      ],
    ],
    [
      "a FIFO queue",
      "plugins:\n  - name: events\n    kind: queue\n    queue: arn:aws:sqs:eu-west-1:123456789012:flow-events.fifo\n    subscriptions: [{ events: [flow.ended] }]\n",
      [
        '4 plugin "events": queue names a FIFO queue (.fifo): an EventBridge rule gives every message the same message group, which would queue all instances\' events in one line, so Baton sends to standard queues only',
      ],
    ],
    [
      "a queue on another kind",
      "plugins:\n  - name: ci\n    kind: webhook\n    url: https://ci.example.com/\n    secret: env:CI_WEBHOOK_SECRET\n    queue: arn:aws:sqs:eu-west-1:123456789012:flow-events\n    subscriptions: [{ events: [flow.ended] }]\n",
      ['6 plugin "ci": queue is not a field of kind webhook'],
    ],
    [
      "a URL that is not http",
      "plugins:\n  - name: chat\n    kind: notifier\n    url: ftp://x/\n",
      ['4 plugin "chat": url must be an http:// or https:// URL'],
    ],
  ])("refuses %s, naming the plugin and the line", (_case, text, expected) => {
    expect(parsePlugins(text, "plugins.yaml", { env: ENV }).plugins).toBeUndefined();
    expect(problems(text).sort()).toEqual([...expected].sort());
  });

  it("refuses a webhook whose secret variable is not set, naming it and the line", () => {
    expect(problems(EXAMPLE, {})).toEqual([
      '11 plugin "ci": secret names the environment variable CI_WEBHOOK_SECRET, which is not set',
    ]);
    expect(problems(EXAMPLE, { CI_WEBHOOK_SECRET: "" })).toHaveLength(1);
  });

  it("refuses a webhook whose secret is shorter than 256 bits (43 characters), naming the variable", () => {
    const short = parsePlugins(EXAMPLE, "plugins.yaml", {
      env: { CI_WEBHOOK_SECRET: "k".repeat(42) },
    });
    expect(short.plugins).toBeUndefined();
    expect(short.problems).toEqual([
      {
        rule: "plugins-secret-length",
        message:
          'plugin "ci": the environment variable CI_WEBHOOK_SECRET (its secret) must hold at least 256 bits',
        path: ["plugins", 1, "secret"],
        line: 11,
      },
    ]);
    expect(problems(EXAMPLE, { CI_WEBHOOK_SECRET: "short" })).toHaveLength(1);
  });

  it("reports YAML syntax errors with their line", () => {
    expect(problems("plugins:\n  - name: a\n    kind: [log\n")).toEqual([
      expect.stringMatching(/^\d+ /),
    ]);
    expect(
      parsePlugins("plugins:\n  - name: a\n    kind: [log\n", "plugins.yaml").problems[0]?.rule,
    ).toBe("syntax");
  });
});

describe("the example definitions/plugins.yaml", () => {
  it("is valid: a log plugin and a notifier", async () => {
    const loaded = await loadPluginsFile("definitions", { env: {} });
    expect(loaded.problems).toEqual([]);
    expect(loaded.plugins?.map((plugin) => [plugin.name, plugin.kind])).toEqual([
      ["audit-log", "log"],
      ["approver-notice", "notifier"],
    ]);
  });

  it("is optional: a folder without one declares no plugins", async () => {
    const empty = await mkdtemp(join(tmpdir(), "baton-plugins-"));
    expect(await loadPluginsFile(empty)).toEqual({
      file: join(empty, "plugins.yaml"),
      plugins: [],
      problems: [],
    });
    await rm(empty, { recursive: true });
  });

  it("is reported, not thrown, when it cannot be read", async () => {
    const folder = await mkdtemp(join(tmpdir(), "baton-plugins-"));
    await mkdir(join(folder, "plugins.yaml"));
    const loaded = await loadPluginsFile(folder);
    expect(loaded.plugins).toBeUndefined();
    expect(loaded.problems).toEqual([
      { rule: "file", message: expect.stringMatching(/^cannot read the file: /), path: [] },
    ]);
    await rm(folder, { recursive: true });
  });
});
