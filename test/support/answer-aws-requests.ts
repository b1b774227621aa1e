import type { InitializeMiddleware, MetadataBearer, MiddlewareStack } from "@smithy/types";

/** A request an AWS SDK client sent, answered in place of the service. */
export interface SentRequest<Input> {
  command: string;
  input: Input;
}

/**
 * Answers an AWS SDK v3 client's requests with `answer` (its output, or what it throws),
 * through the client's own middleware stack: nothing leaves the process. For faults no
 * emulator produces on demand; returns the requests sent, in order.
 *
 * @example
 * const sent = answerAwsRequests(sfn, () => { throw new TaskTimedOut({ message: "", $metadata: {} }); });
 */
export function answerAwsRequests<Input extends object, Output extends MetadataBearer>(
  client: { middlewareStack: MiddlewareStack<Input, Output> },
  answer: (command: string, input: Input) => object | Promise<object>,
): SentRequest<Input>[] {
  const sent: SentRequest<Input>[] = [];
  const answering: InitializeMiddleware<Input, Output> = (_next, context) => async (args) => {
    const command = context.commandName ?? "";
    sent.push({ command, input: structuredClone(args.input) });
    const output = await answer(command, args.input);
    return { output: { $metadata: {}, ...output } as Output, response: {} };
  };
  client.middlewareStack.add(answering, { step: "initialize", name: "answerInPlaceOfAws" });
  return sent;
}
