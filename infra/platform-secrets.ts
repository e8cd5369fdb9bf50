// App-level ad-platform secrets (not per-account credentials, which users connect and KMS encrypts).
// They live in SSM Parameter Store as SecureString parameters that an operator creates once per stage
// (infra/README.md). CloudFormation cannot create SecureString parameters, which keeps the values out
// of the template: the Lambdas get only the parameter NAMES (env vars below) and ssm:GetParameter on
// exactly these parameters, and read the values at run time (functions/sync/app-secrets.ts, each on its
// own: a missing one disables only `enables`, reported per platform).
//
// Only what an adapter uses is declared (ad-platforms.md): Kakao's token refresh (§4.1) and Meta's
// appsecret_proof request signing (§2.2). Google Ads needs none: the OAuth client id/secret come with
// each account's credentials and the developer token is sunset (§1.1, "do not send it"). Naver's keys
// are per account too (§3.1).
// Pure data (no aws-cdk-lib): the sync Lambda bundles this file.

export interface PlatformSecret {
  /** The AppSecrets field the adapter reads (functions/platforms/types.ts). */
  field: 'kakaoRestApiKey' | 'kakaoClientSecret' | 'metaAppSecret';
  platform: 'KAKAO' | 'META';
  /** Plain env var (local stack, tests); the cloud sets `${envVar}_PARAM` to the parameter name. */
  envVar: string;
  /** Name relative to /sivera/<stage>/. */
  path: string;
  /** What works only with it: named in the per-platform status when it is missing. */
  enables: string;
  description: string;
}

export const platformSecrets: PlatformSecret[] = [
  {
    field: 'kakaoRestApiKey',
    platform: 'KAKAO',
    envVar: 'KAKAO_REST_API_KEY',
    path: 'kakao/rest-api-key',
    enables: 'business-token refresh (an expired token needs a reconnect)',
    description: 'Kakao app REST API key (client_id of the token refresh)',
  },
  {
    field: 'kakaoClientSecret',
    platform: 'KAKAO',
    envVar: 'KAKAO_CLIENT_SECRET',
    path: 'kakao/client-secret',
    enables: 'client_secret on token refresh (needed only when the Kakao app enables a client secret)',
    description: 'Kakao app client secret (token refresh)',
  },
  {
    field: 'metaAppSecret',
    platform: 'META',
    envVar: 'META_APP_SECRET',
    path: 'meta/app-secret',
    enables: 'appsecret_proof request signing (needed when the Meta app requires it)',
    description: 'Meta app secret (appsecret_proof = HMAC-SHA256 of the access token)',
  },
];

export function secretParameterName(stage: string, secret: PlatformSecret): string {
  return `/sivera/${stage}/${secret.path}`;
}

/** Env vars naming the parameters: { META_APP_SECRET_PARAM: '/sivera/prod/meta/app-secret', ... } */
export function secretParameterEnv(stage: string): Record<string, string> {
  return Object.fromEntries(platformSecrets.map((s) => [`${s.envVar}_PARAM`, secretParameterName(stage, s)]));
}
