// Per-stage settings. The stage comes from CDK context (`-c stage=prod`); everything else that
// differs between stages lives here so the constructs stay stage-agnostic.
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { apiLimits } from '../api/limits.js';
import type { PlatformUrlVar } from '../lib/node/platforms/types.js';

export const stages = ['dev', 'prod'] as const;
export type StageName = (typeof stages)[number];

export interface StageConfig {
  stage: StageName;
  /** Prefix of every physical name (tables, functions, pool, alias). prod keeps the seed's names. */
  prefix: string;
  /** RETAIN + deletion protection on stateful resources (tables, user pool, key). */
  retainData: boolean;
  /** GraphQL introspection; off in prod (API8: do not hand out the schema map). */
  introspection: boolean;
  logRetention: RetentionDays;
  /** AppSync limits (style-and-security B7). */
  queryDepthLimit: number;
  resolverCountLimit: number;
  /** Optional SNS topic that receives every alarm (`-c alarmTopicArn=...`). */
  alarmTopicArn?: string;
}

/** Platform API base URLs the Lambdas read (docs/ARCHITECTURE.md "Environment"); the local stack points them at fakes. */
export const platformUrls: Record<PlatformUrlVar, string> = {
  GOOGLE_ADS_API_URL: 'https://googleads.googleapis.com',
  GOOGLE_OAUTH_URL: 'https://oauth2.googleapis.com',
  META_API_URL: 'https://graph.facebook.com',
  NAVER_API_URL: 'https://api.searchad.naver.com',
  KAKAO_API_URL: 'https://apis.moment.kakao.com',
  KAKAO_AUTH_URL: 'https://kauth.kakao.com',
};

// The same limits the local GraphQL endpoint enforces.
const base = { queryDepthLimit: apiLimits.queryDepthLimit, resolverCountLimit: apiLimits.resolverCountLimit };

const configs: Record<StageName, StageConfig> = {
  dev: {
    ...base,
    stage: 'dev',
    prefix: 'dev-',
    retainData: false,
    introspection: true,
    logRetention: RetentionDays.TWO_WEEKS,
  },
  prod: {
    ...base,
    stage: 'prod',
    prefix: '',
    retainData: true,
    introspection: false,
    logRetention: RetentionDays.THREE_MONTHS,
  },
};

/** The seed's region (Seoul): where the app deploys unless told otherwise. */
export const defaultRegion = 'ap-northeast-2';

/** Env vars the CDK CLI reads a region from before a profile's (AWS_REGION first, as Lambda and CodeBuild set it). */
const regionEnvVars = ['AWS_REGION', 'AMAZON_REGION', 'AWS_DEFAULT_REGION', 'AMAZON_DEFAULT_REGION'] as const;

/**
 * The region the stack targets: `-c region=<region>`, else the region of the caller's AWS configuration
 * (CDK_DEFAULT_REGION, which the CDK CLI takes from AWS_REGION / AWS_DEFAULT_REGION / the profile), else
 * Seoul. The CLI always sets CDK_DEFAULT_REGION and falls back to us-east-1 when it found no region at
 * all; that fallback is not a choice, so `us-east-1` counts only when a region env var or `-c region`
 * names it (a profile whose only region is us-east-1 must say so with `-c region=us-east-1`).
 */
export function targetRegion(context: unknown, env: Record<string, string | undefined>): string {
  if (context !== undefined) {
    if (typeof context !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(context)) {
      throw new Error(`-c region must be an AWS region such as ${defaultRegion}, got ${JSON.stringify(context)}`);
    }
    return context;
  }
  const fromCli = env.CDK_DEFAULT_REGION;
  if (!fromCli) return defaultRegion;
  const named = regionEnvVars.some((v) => env[v]);
  return fromCli === 'us-east-1' && !named ? defaultRegion : fromCli;
}

export function isStageName(s: unknown): s is StageName {
  return typeof s === 'string' && (stages as readonly string[]).includes(s);
}

export function stageConfig(stage: unknown, overrides: { alarmTopicArn?: unknown } = {}): StageConfig {
  if (!isStageName(stage)) {
    throw new Error(`Unknown stage ${JSON.stringify(stage)}: use -c stage=${stages.join('|')}`);
  }
  const config: StageConfig = { ...configs[stage] };
  if (overrides.alarmTopicArn !== undefined) {
    if (typeof overrides.alarmTopicArn !== 'string' || !/^arn:aws[a-z-]*:sns:/.test(overrides.alarmTopicArn)) {
      throw new Error(`alarmTopicArn must be an SNS topic ARN, got ${JSON.stringify(overrides.alarmTopicArn)}`);
    }
    config.alarmTopicArn = overrides.alarmTopicArn;
  }
  return config;
}
