// App-level ad-platform secrets (not per-account credentials, which users connect and KMS encrypts).
// They live in SSM Parameter Store as SecureString parameters that an operator creates once per stage
// (infra/README.md). CloudFormation cannot create SecureString parameters, which keeps the values out
// of the template: the Lambdas get only the parameter NAMES (env vars below) and ssm:GetParameter on
// exactly these parameters, and read the values at run time.
//
// Naver has no app-level secret: its API key, secret key and customer id are per account
// (ConnectPlatformAccountInput.credentials), so nothing for Naver is listed here.

export interface PlatformSecret {
  /** Env var holding the parameter name, e.g. META_APP_SECRET_PARAM. */
  envVar: string;
  /** Name relative to /sivera/<stage>/. */
  path: string;
  description: string;
}

export const platformSecrets: PlatformSecret[] = [
  {
    envVar: 'GOOGLE_ADS_DEVELOPER_TOKEN_PARAM',
    path: 'google-ads/developer-token',
    description: 'Google Ads developer token (optional since the 2026 sunset; kept for older API versions)',
  },
  {
    envVar: 'GOOGLE_OAUTH_CLIENT_ID_PARAM',
    path: 'google-ads/oauth-client-id',
    description: "Google OAuth client id of Sivera's Cloud project",
  },
  {
    envVar: 'GOOGLE_OAUTH_CLIENT_SECRET_PARAM',
    path: 'google-ads/oauth-client-secret',
    description: "Google OAuth client secret of Sivera's Cloud project",
  },
  { envVar: 'META_APP_SECRET_PARAM', path: 'meta/app-secret', description: 'Meta app secret (appsecret_proof)' },
  { envVar: 'KAKAO_REST_API_KEY_PARAM', path: 'kakao/rest-api-key', description: 'Kakao app REST API key (token refresh client_id)' },
  { envVar: 'KAKAO_CLIENT_SECRET_PARAM', path: 'kakao/client-secret', description: 'Kakao app client secret (token refresh)' },
];

export function secretParameterName(stage: string, secret: PlatformSecret): string {
  return `/sivera/${stage}/${secret.path}`;
}

/** Env vars naming the parameters: { META_APP_SECRET_PARAM: '/sivera/prod/meta/app-secret', ... } */
export function secretParameterEnv(stage: string): Record<string, string> {
  return Object.fromEntries(platformSecrets.map((s) => [s.envVar, secretParameterName(stage, s)]));
}
