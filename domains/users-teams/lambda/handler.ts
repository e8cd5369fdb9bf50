// Cognito PostConfirmation trigger: writes the sivera-users row and returns the event, as Cognito
// requires. Logic lives in create-user.ts.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { createLogger } from '../../../lib/node/logger.js';
import { createUserRow } from './create-user.js';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const log = createLogger({ fn: 'post-confirmation' });

export async function handler(event: PostConfirmationTriggerEvent): Promise<PostConfirmationTriggerEvent> {
  const table = process.env.USERS_TABLE;
  if (!table) throw new Error('USERS_TABLE is not set');
  const outcome = await createUserRow(doc, table, event);
  log.info('user row', { userId: event.request?.userAttributes?.sub, trigger: event.triggerSource, outcome });
  return event;
}
