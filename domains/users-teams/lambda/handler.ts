// Cognito PostConfirmation trigger: writes the sivera-users row and returns the event, as Cognito
// requires. Logic lives in create-user.ts.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { tableEnvVar } from '../../../api/tables.js';
import { baseConfigFromEnv, clientOptions, handlerOnFirstCall, type LambdaConfig } from '../../../lib/node/lambda-config.js';
import { createLogger } from '../../../lib/node/logger.js';
import { createUserRow } from './create-user.js';

export type PostConfirmationConfig = Pick<LambdaConfig, 'aws' | 'tables' | 'logLevel'>;

/** The function's configuration as infra/ sets it (the local stack passes its own to createHandler). */
export function configFromEnv(env: Record<string, string | undefined>): PostConfirmationConfig {
  return { ...baseConfigFromEnv(env), tables: { users: env[tableEnvVar.users] } };
}

export function createHandler(config: PostConfirmationConfig): (event: PostConfirmationTriggerEvent) => Promise<PostConfirmationTriggerEvent> {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(clientOptions(config.aws, 'dynamodb')));
  const log = createLogger({ fn: 'post-confirmation' }, { level: config.logLevel });
  return async (event) => {
    const table = config.tables.users;
    if (!table) throw new Error(`${tableEnvVar.users} is not set`);
    const outcome = await createUserRow(doc, table, event);
    log.info('user row', { userId: event.request?.userAttributes?.sub, trigger: event.triggerSource, outcome });
    return event;
  };
}

export const handler = handlerOnFirstCall(() => createHandler(configFromEnv(process.env)));
