// The five tables, created from api/tables.ts (the same declarations the local stack uses).
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { tableName, tables, type TableKey } from '../../api/tables.js';

export interface TablesProps {
  readonly prefix: string;
  /** RETAIN and deletion protection (outside dev). */
  readonly retainData: boolean;
}

export class Tables extends Construct {
  readonly byKey: Record<TableKey, Table>;

  constructor(scope: Construct, id: string, props: TablesProps) {
    super(scope, id);
    const entries = (Object.keys(tables) as TableKey[]).map((key) => {
      const def = tables[key];
      const s = (name: string) => ({ name, type: AttributeType.STRING });
      const table = new Table(this, key, {
        tableName: tableName(key, props.prefix),
        partitionKey: s(def.partitionKey),
        sortKey: def.sortKey ? s(def.sortKey) : undefined,
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: props.retainData,
        removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        // AWS-owned key: encrypted at rest without extra kms:* grants on every reader. The one secret
        // attribute (credentials) is already KMS ciphertext under the credential key.
        encryption: TableEncryption.DEFAULT,
      });
      for (const gsi of def.globalSecondaryIndexes ?? []) {
        table.addGlobalSecondaryIndex({
          indexName: gsi.indexName,
          partitionKey: s(gsi.partitionKey),
          sortKey: gsi.sortKey ? s(gsi.sortKey) : undefined,
          projectionType: ProjectionType.ALL,
        });
      }
      for (const lsi of def.localSecondaryIndexes ?? []) {
        table.addLocalSecondaryIndex({ indexName: lsi.indexName, sortKey: s(lsi.sortKey), projectionType: ProjectionType.ALL });
      }
      return [key, table] as const;
    });
    this.byKey = Object.fromEntries(entries) as Record<TableKey, Table>;
  }

  /** ARNs of the table's indexes by name (exact, no `index/*`). */
  indexArn(key: TableKey, indexName: string): string {
    const def = tables[key];
    const known = [...(def.globalSecondaryIndexes ?? []), ...(def.localSecondaryIndexes ?? [])].map((i) => i.indexName);
    if (!known.includes(indexName)) {
      throw new Error(`Table ${key} has no index ${indexName} (has: ${known.join(', ') || 'none'})`);
    }
    return `${this.byKey[key].tableArn}/index/${indexName}`;
  }

  /** Every index of a table. */
  indexNames(key: TableKey): string[] {
    const def = tables[key];
    return [...(def.globalSecondaryIndexes ?? []), ...(def.localSecondaryIndexes ?? [])].map((i) => i.indexName);
  }
}
