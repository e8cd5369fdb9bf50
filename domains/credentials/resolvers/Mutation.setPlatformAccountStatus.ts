// Mutation.setPlatformAccountStatus: unit resolver on credentialsFunction (resolvers/lib/credentials-lambda.ts).
// Sets an account ACTIVE or INACTIVE without touching its stored secret.
import { type Context } from '@aws-appsync/utils';
import type { MutationSetPlatformAccountStatusArgs, PlatformAccount } from '../../../api/generated/schema-types';
import { credentialsFunctionResult, invokeCredentialsFunction } from '../helpers/credentials-lambda';

export function request(ctx: Context<MutationSetPlatformAccountStatusArgs>) {
  return invokeCredentialsFunction(ctx);
}

export function response(ctx: Context<MutationSetPlatformAccountStatusArgs>): PlatformAccount {
  return credentialsFunctionResult<PlatformAccount>(ctx);
}
