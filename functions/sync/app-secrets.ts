// App-level platform secrets for the adapters. In the cloud the stack passes only SSM parameter
// NAMES (`<VAR>_PARAM`, infra/platform-secrets.ts) and grants ssm:GetParameter on exactly those;
// the values are SecureStrings read once per container. Locally (no `*_PARAM` vars) the plain
// `<VAR>` env vars are used instead, so the local stack and tests need no SSM.
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { AppSecrets } from '../platforms/types.js';
import { registerSecrets } from '../shared/logger.js';

/** AppSecrets field → plain env var name; the cloud variable is the same name + `_PARAM`. */
const VARS: Record<keyof AppSecrets, string> = {
  kakaoRestApiKey: 'KAKAO_REST_API_KEY',
  kakaoClientSecret: 'KAKAO_CLIENT_SECRET',
  metaAppSecret: 'META_APP_SECRET',
  googleAdsDeveloperToken: 'GOOGLE_ADS_DEVELOPER_TOKEN',
  googleOAuthClientId: 'GOOGLE_OAUTH_CLIENT_ID',
  googleOAuthClientSecret: 'GOOGLE_OAUTH_CLIENT_SECRET',
};

export class AppSecretsError extends Error {
  override name = 'AppSecretsError';
}

/**
 * Reads every configured secret: from SSM for each `<VAR>_PARAM` that is set, else from `<VAR>`.
 * A parameter that is named but cannot be read is an error (a misconfigured stage should be loud,
 * not a silently missing key).
 */
export async function loadAppSecrets(env: Record<string, string | undefined> = process.env, ssm?: SSMClient): Promise<AppSecrets> {
  const out: AppSecrets = {};
  const entries = Object.entries(VARS) as [keyof AppSecrets, string][];
  await Promise.all(
    entries.map(async ([field, name]) => {
      const param = env[`${name}_PARAM`];
      if (!param) {
        const plain = env[name];
        if (plain) out[field] = plain;
        return;
      }
      ssm ??= new SSMClient({});
      let value: string | undefined;
      try {
        value = (await ssm.send(new GetParameterCommand({ Name: param, WithDecryption: true }))).Parameter?.Value;
      } catch (e) {
        throw new AppSecretsError(`cannot read SSM parameter ${param} (${name}_PARAM): ${(e as Error).name}: ${(e as Error).message}`);
      }
      if (!value) throw new AppSecretsError(`SSM parameter ${param} (${name}_PARAM) has no value`);
      out[field] = value;
    }),
  );
  return out;
}

let cached: Promise<AppSecrets> | null = null;

/**
 * loadAppSecrets once per container; a failed read is not cached, so the next invocation retries.
 * The values are registered with the redactor for the container's lifetime (never released).
 */
export function appSecrets(): Promise<AppSecrets> {
  cached ??= loadAppSecrets().then(
    (s) => {
      registerSecrets(s);
      return s;
    },
    (e: unknown) => {
      cached = null;
      throw e;
    },
  );
  return cached;
}
