import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePlugins } from "../../lambdas/core/plugins/parse-plugins.ts";
import { pluginQueue } from "../../lambdas/core/plugins/plugin-queue.ts";
import { QueueArnError } from "../../lambdas/core/plugins/queue-arn-error.ts";
import { sqsQueueAddress } from "../../lambdas/core/plugins/sqs-queue-address.ts";

const partition = fc.constantFrom("aws", "aws-cn", "aws-us-gov");
const region = fc.constantFrom(
  "eu-west-1",
  "us-east-1",
  "ap-southeast-5",
  "cn-north-1",
  "us-gov-west-1",
  "il-central-1",
);
const account = fc.stringMatching(/^\d{12}$/);
const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,75}$/);

/** A valid queue ARN and its parts. */
const queueArn = fc.record({ partition, region, account, name, fifo: fc.boolean() });

/** The problems of a plugins file declaring one queue plugin with this ARN, by rule. */
function rulesOf(arn: string): string[] {
  const text = `plugins:\n  - name: events\n    kind: queue\n    queue: ${JSON.stringify(arn)}\n    subscriptions: [{ events: [flow.ended] }]\n`;
  return parsePlugins(text, "plugins.yaml").problems.map((problem) => problem.rule);
}

/** What the code makes of an ARN: its address, or the error's message. */
function addressOf(arn: string): "fifo" | "standard" | "refused" {
  try {
    return sqsQueueAddress("events", arn).fifo ? "fifo" : "standard";
  } catch (error) {
    expect(error).toBeInstanceOf(QueueArnError);
    return "refused";
  }
}

describe("sqsQueueAddress", () => {
  it("reads every queue ARN into its parts and the queue's standard URL", () => {
    fc.assert(
      fc.property(queueArn, (parts) => {
        const queueName = parts.fifo ? `${parts.name}.fifo` : parts.name;
        const arn = `arn:${parts.partition}:sqs:${parts.region}:${parts.account}:${queueName}`;
        const domain = parts.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
        expect(sqsQueueAddress("events", arn)).toEqual({
          arn,
          partition: parts.partition,
          region: parts.region,
          account: parts.account,
          name: queueName,
          fifo: parts.fifo,
          url: `https://sqs.${parts.region}.${domain}/${parts.account}/${queueName}`,
        });
      }),
    );
  });

  it("accepts exactly what the plugins file's schema accepts, FIFO queues refused by both", () => {
    const valid = queueArn.map(
      (parts) =>
        `arn:${parts.partition}:sqs:${parts.region}:${parts.account}:${parts.name}${parts.fifo ? ".fifo" : ""}`,
    );
    // Valid ARNs with one character changed, dropped or added, and strings of ARN characters.
    const edited = fc
      .tuple(
        valid,
        fc.nat(),
        fc.constantFrom(":", ".", "-", "x", "1", "/", " ", "é", ""),
        fc.boolean(),
      )
      .map(([arn, at, char, insert]) => {
        const i = at % arn.length;
        return `${arn.slice(0, i)}${char}${arn.slice(insert ? i : i + 1)}`;
      });
    const loose = fc.stringMatching(
      /^arn:[a-z-]{0,12}:s[qn]s:[a-z0-9-]{0,14}:\d{0,13}:[\w.-]{0,90}$/,
    );
    fc.assert(
      fc.property(fc.oneof(valid, edited, loose), (arn) => {
        const rules = rulesOf(arn);
        const expected = {
          standard: [],
          fifo: ["plugins-queue-fifo"],
          refused: ["plugins-schema"],
        };
        expect(rules).toEqual(expected[addressOf(arn)]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("pluginQueue", () => {
  it("refuses a FIFO queue and anything but an SQS queue ARN, naming the plugin", () => {
    const plugin = (queueArn: string) => ({
      name: "events",
      kind: "queue" as const,
      queueArn,
      subscriptions: [],
    });
    expect(pluginQueue(plugin("arn:aws:sqs:eu-west-1:123456789012:flow-events")).name).toBe(
      "flow-events",
    );
    expect(() =>
      pluginQueue(plugin("arn:aws:sqs:eu-west-1:123456789012:flow-events.fifo")),
    ).toThrow(/^plugin "events": queue names a FIFO queue \(\.fifo\)/);
    expect(() => pluginQueue(plugin("flow-events"))).toThrow(
      'plugin "events": queue is not an SQS queue ARN (arn:aws:sqs:<region>:<account>:<name>)',
    );
  });
});
