// Reading the outcome of a TransactWriteItems call. On cancellation AppSync puts the per-item reasons
// in ctx.result.cancellationReasons (same order as the request) and sets ctx.error.
import type { transactWrite } from '@aws-appsync/utils/dynamodb';
import { conflict, raiseOnDataSourceError } from '../../../lib/appsync/errors';

interface TransactResult {
  keys?: unknown[] | null;
  cancellationReasons?: { type?: string | null; message?: string | null }[] | null;
}

/**
 * Index of the first item whose condition failed, -1 when the transaction succeeded. A clash with a
 * concurrent transaction is a Conflict (retry); any other failure is raised as InternalError.
 */
export function failedConditionIndex(result: unknown, error: { message: string; type: string } | undefined | null): number {
  const reasons = result ? (result as TransactResult).cancellationReasons : null;
  if (reasons && reasons.length > 0) {
    const index = reasons.findIndex((r) => !!r && r.type === 'ConditionalCheckFailed');
    if (index >= 0) return index;
    if (reasons.some((r) => !!r && r.type === 'TransactionConflict')) {
      conflict('Another change to the same items was in progress; retry', 'concurrentUpdate');
    }
    console.error('transaction cancelled', JSON.stringify(reasons));
    raiseOnDataSourceError({ type: 'DynamoDB:TransactionCanceledException', message: 'transaction cancelled' });
  }
  raiseOnDataSourceError(error);
  return -1;
}

/** One item of ddb.transactWrite({ items }), for building item lists step by step. */
export type TxItem = Parameters<typeof transactWrite>[0]['items'][number];
