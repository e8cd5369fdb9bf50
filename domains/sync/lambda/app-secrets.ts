// App-level platform secrets for the adapters (infra/platform-secrets.ts declares them). In the cloud
// the stack passes only SSM parameter NAMES (`<VAR>_PARAM`) and grants ssm:GetParameter on exactly
// those; the values are SecureStrings. Locally (no `*_PARAM` vars) the plain `<VAR>` env vars are used
// instead, so the local stack and tests need no SSM.
//
// Each secret is read on its own: one missing or unreadable parameter switches off only what it
// enables (Kakao's token refresh, Meta's appsecret_proof), is logged once per read with its platform,
// and is named in `unavailable[platform]`, which the adapter adds to a failure it may explain (so the
// sync's status message says it). The other secrets are still used.
import type { Platform } from '../../../api/generated/schema-types.js';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { platformSecrets, type PlatformSecret } from '../../../infra/platform-secrets.js';
import type { AppSecrets } from '../../../lib/node/platforms/types.js';
import { clientOptions, type AwsConfig } from '../../../lib/node/lambda-config.js';
import { createLogger, registerSecrets, type Logger } from '../../../lib/node/logger.js';

/** A parameter that does not exist yet is looked up again after this long (an operator may create it). */
export const MISSING_RECHECK_MS = 5 * 60_000;

const platformLabel: Record<PlatformSecret['platform'], string> = { KAKAO: 'Kakao', META: 'Meta' };

interface Read {
  value?: string;
  /** Why there is no value. */
  problem?: string;
  /** A failure worth retrying on the next invocation (not "does not exist" / "not configured"). */
  transient?: boolean;
  /** An SSM parameter was named for it (the cloud): its absence is a deployment gap, logged as a warning. */
  named?: boolean;
}

async function readOne(s: PlatformSecret, env: Record<string, string | undefined>, ssm: () => SSMClient): Promise<Read> {
  const param = env[`${s.envVar}_PARAM`];
  if (!param) {
    const plain = env[s.envVar];
    return plain ? { value: plain } : { problem: `${s.envVar} is not set` };
  }
  try {
    const value = (await ssm().send(new GetParameterCommand({ Name: param, WithDecryption: true }))).Parameter?.Value;
    return value ? { value } : { problem: `SSM parameter ${param} is empty`, named: true };
  } catch (e) {
    const name = (e as Error).name;
    if (name === 'ParameterNotFound') return { problem: `SSM parameter ${param} does not exist`, named: true };
    return { problem: `SSM parameter ${param} could not be read (${name})`, transient: true, named: true };
  }
}

export interface LoadedAppSecrets {
  secrets: AppSecrets;
  /** Some read failed for a reason other than absence: read again on the next invocation. */
  retry: boolean;
  /** A secret is absent: look again after MISSING_RECHECK_MS. */
  incomplete: boolean;
}

/**
 * Reads every declared secret, each on its own; never throws. `env` holds the function's secret
 * variables (its config's appSecrets). The SSM client (or its maker) is used only where a parameter is
 * named; without one, a client with the SDK's defaults is made then.
 */
export async function loadAppSecrets(
  env: Record<string, string | undefined>,
  ssmClient?: SSMClient | (() => SSMClient),
  log: Logger = createLogger({ fn: 'sync', part: 'app-secrets' }),
): Promise<LoadedAppSecrets> {
  let ssm: SSMClient | undefined;
  const client = () => (ssm ??= typeof ssmClient === 'function' ? ssmClient() : (ssmClient ?? new SSMClient({})));
  const reads = await Promise.all(platformSecrets.map(async (s) => [s, await readOne(s, env, client)] as const));
  const secrets: AppSecrets = {};
  const unavailable: Partial<Record<Platform, string[]>> = {};
  for (const [s, r] of reads) {
    if (r.value) {
      secrets[s.field] = r.value;
      continue;
    }
    const reason = `${platformLabel[s.platform]} ${s.enables} is off: ${r.problem}`;
    (unavailable[s.platform] ??= []).push(reason);
    // A warning where a parameter was named (the stage lacks it); info where nothing is configured (local).
    log[r.named ? 'warn' : 'info']('app secret unavailable', { platform: s.platform, envVar: s.envVar, reason });
  }
  const notes = Object.entries(unavailable) as [Platform, string[]][];
  if (notes.length > 0) secrets.unavailable = Object.fromEntries(notes.map(([p, list]) => [p, list.join('; ')]));
  return { secrets, retry: reads.some(([, r]) => r.transient), incomplete: notes.length > 0 };
}

/**
 * A reader of loadAppSecrets, one per handler (so per config): it reads once per container, again on
 * the next invocation after a transient failure, and after MISSING_RECHECK_MS while a secret is
 * absent. The values are registered with the redactor for the container's lifetime (never released).
 */
export function appSecretsReader(
  env: Record<string, string | undefined>,
  aws: AwsConfig,
  log: Logger,
  now: () => number = Date.now,
): () => Promise<AppSecrets> {
  let cached: { at: number; value: Promise<LoadedAppSecrets> } | null = null;
  let ssm: SSMClient | undefined;
  return async () => {
    if (cached) {
      const c = await cached.value;
      if (!c.retry && (!c.incomplete || now() - cached.at < MISSING_RECHECK_MS)) return c.secrets;
    }
    const entry = {
      at: now(),
      // The client is made once a parameter is named (the cloud), from the function's config.
      value: loadAppSecrets(env, () => (ssm ??= new SSMClient(clientOptions(aws, 'ssm'))), log.child({ part: 'app-secrets' })).then((s) => {
        registerSecrets(platformSecrets.map((p) => s.secrets[p.field]));
        return s;
      }),
    };
    cached = entry;
    return (await entry.value).secrets;
  };
}
