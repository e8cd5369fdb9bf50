// Mutation.connectPlatformAccount: unit resolver on credentialsFunction (resolvers/lib/credentials-lambda.ts).
// Connects (or re-connects) an ad account: the Lambda validates the per-platform credentials,
// encrypts them with KMS under {userId, platform, accountId} and stores only the ciphertext. The
// credentials argument is write-only: nothing returned here can contain it.
import { type Context } from '@aws-appsync/utils';
import type { MutationConnectPlatformAccountArgs, PlatformAccount } from '../../../api/generated/schema-types';
import { credentialsFunctionResult, invokeCredentialsFunction } from '../helpers/credentials-lambda';

export function request(ctx: Context<MutationConnectPlatformAccountArgs>) {
  return invokeCredentialsFunction(ctx);
}

export function response(ctx: Context<MutationConnectPlatformAccountArgs>): PlatformAccount {
  return credentialsFunctionResult<PlatformAccount>(ctx);
}
