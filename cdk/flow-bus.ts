import { Duration, Stack } from "aws-cdk-lib";
import { EventBus } from "aws-cdk-lib/aws-events";
import { Construct } from "constructs";

/** Properties of a {@link FlowBus}. */
export interface FlowBusProps {
  /**
   * The name of the event bus; unique per account and region.
   *
   * @example "baton-dev"
   */
  readonly eventBusName: string;

  /**
   * How long the archive keeps events for replay.
   *
   * @default Duration.days(30)
   * @example Duration.days(7)
   */
  readonly archiveRetention?: Duration;
}

/**
 * The EventBridge bus that carries every node event to the plugins subscribed to it, with an
 * archive of all its events so they can be replayed.
 *
 * @example
 * const flowBus = new FlowBus(this, "Bus", { eventBusName: "baton-dev" });
 * flowBus.bus.grantPutEventsTo(handler);
 */
export class FlowBus extends Construct {
  /** The event bus. */
  readonly bus: EventBus;

  constructor(scope: Construct, id: string, props: FlowBusProps) {
    super(scope, id);
    this.bus = new EventBus(this, "Bus", { eventBusName: props.eventBusName });
    this.bus.archive("Archive", {
      description: `Every event of ${props.eventBusName}, for replay`,
      // The bus has no resource policy, so only this account puts events on it: matching the
      // account archives them all.
      eventPattern: { account: [Stack.of(this).account] },
      retention: props.archiveRetention ?? Duration.days(30),
    });
  }
}
