import { RemovalPolicy } from "aws-cdk-lib";
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";
import { TABLE_INDEXES, TABLE_KEYS } from "../lambdas/core/contract/table-layout.ts";
import { UNSETTLED_FIELDS } from "../lambdas/core/records/unsettled-instance.ts";

/** Properties of a {@link FlowStore}. */
export interface FlowStoreProps {
  /**
   * What CloudFormation does with the table when it leaves the stack. Keep `RETAIN` wherever the
   * data matters; `DESTROY` suits a throw-away development environment.
   *
   * @default RemovalPolicy.RETAIN
   * @example RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Turn on the table's stream with new and old images, for consumers of item changes.
   *
   * @default false
   * @example true
   */
  readonly stream?: boolean;
}

/**
 * The DynamoDB table that holds flow instances, approvals and their history (single-table design).
 *
 * The layout is the one the DynamoDB adapter writes (`lambdas/core/contract/table-layout.ts`,
 * docs/data-model.md): items addressed by `pk` (partition) and `sk` (sort); the `byTemplate`
 * index (`gsi1pk`, `gsi1sk`) lists a template's instances, the sparse `unsettled` index
 * (`gsi2pk`, `gsi2sk`) the instances the sweep visits; items with a numeric `ttl` (epoch
 * seconds) are deleted by DynamoDB TTL. On-demand billing, point-in-time recovery and
 * AWS-managed encryption.
 *
 * @example
 * const store = new FlowStore(this, "Store", { removalPolicy: RemovalPolicy.DESTROY });
 * store.table.grantReadWriteData(handler);
 */
export class FlowStore extends Construct {
  /** The table. */
  readonly table: Table;

  constructor(scope: Construct, id: string, props: FlowStoreProps = {}) {
    super(scope, id);
    this.table = new Table(this, "Table", {
      partitionKey: { name: TABLE_KEYS.partition, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sort, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TABLE_KEYS.expiresAt,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      ...(props.stream === true ? { stream: StreamViewType.NEW_AND_OLD_IMAGES } : {}),
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_INDEXES.byTemplate.name,
      partitionKey: { name: TABLE_INDEXES.byTemplate.partition, type: AttributeType.STRING },
      sortKey: { name: TABLE_INDEXES.byTemplate.sort, type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_INDEXES.unsettled.name,
      partitionKey: { name: TABLE_INDEXES.unsettled.partition, type: AttributeType.STRING },
      sortKey: { name: TABLE_INDEXES.unsettled.sort, type: AttributeType.STRING },
      projectionType: ProjectionType.INCLUDE,
      nonKeyAttributes: [...UNSETTLED_FIELDS],
    });
  }
}
