// Mutation.disconnectPlatformAccount: unit resolver on credentialsFunction (resolvers/lib/credentials-lambda.ts).
// Disconnects an ad account: the Lambda deletes the credentials item (the only copy of the secret).
// The account's campaigns are kept and no longer synced (see functions/credentials/operations.ts).
import { type Context } from '@aws-appsync/utils';
import type { MutationDisconnectPlatformAccountArgs } from '../../../api/generated/schema-types';
import { credentialsFunctionResult, invokeCredentialsFunction } from '../helpers/credentials-lambda';

export function request(ctx: Context<MutationDisconnectPlatformAccountArgs>) {
  return invokeCredentialsFunction(ctx);
}

export function response(ctx: Context<MutationDisconnectPlatformAccountArgs>): string {
  return credentialsFunctionResult<string>(ctx);
}
