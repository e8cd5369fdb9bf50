// Creates the sivera-users row for a user Cognito has just confirmed. Idempotent: Cognito may retry
// the trigger (and also fires it after a forgotten-password confirmation), so the put is conditional
// on the row not existing and an existing row is left exactly as it is.
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PostConfirmationTriggerEvent } from 'aws-lambda';

export interface UserRow {
  userId: string;
  email: string;
  name?: string;
  emailVerified: boolean;
  createdAt: string;
  updatedAt: string;
}

export class InvalidConfirmationEvent extends Error {
  override name = 'InvalidConfirmationEvent';
}

/** The row to create, from the confirmed user's attributes (sub and email are required). */
export function userRowFromEvent(event: PostConfirmationTriggerEvent, now: Date): UserRow {
  const attributes = event.request?.userAttributes ?? {};
  const sub = attributes.sub;
  const email = attributes.email?.trim();
  if (!sub) throw new InvalidConfirmationEvent('PostConfirmation event has no sub attribute');
  if (!email) throw new InvalidConfirmationEvent('PostConfirmation event has no email attribute');
  const at = now.toISOString();
  const name = attributes.name?.trim();
  return {
    userId: sub,
    email,
    ...(name ? { name } : {}),
    // Confirming a sign-up with the emailed code verifies the address, and Cognito says so in
    // email_verified. An explicit "false" (e.g. AdminConfirmSignUp without verification) is kept: the
    // resolvers match invitations only to verified addresses.
    emailVerified: attributes.email_verified !== 'false',
    createdAt: at,
    updatedAt: at,
  };
}

/** Returns 'created' or 'exists' (an earlier attempt already wrote the row). */
export async function createUserRow(
  doc: DynamoDBDocumentClient,
  tableName: string,
  event: PostConfirmationTriggerEvent,
  now: Date = new Date(),
): Promise<'created' | 'exists'> {
  const item = userRowFromEvent(event, now);
  try {
    await doc.send(
      new PutCommand({
        TableName: tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(userId)',
      }),
    );
    return 'created';
  } catch (err) {
    // By name: instanceof breaks when two copies of the SDK are installed.
    if ((err as Error).name === 'ConditionalCheckFailedException') return 'exists';
    throw err;
  }
}
