// sivera-platform-configs: one item per owner and platform (PK userPlatform = `${ownerSub}#${PLATFORM}`)
// holding `configs` (map configId → entry), `currentConfigId`, `ownerId`, `platform`, `updatedAt`.
// Every write edits one map entry with an update expression and a condition on that entry, so
// concurrent edits of different configs never overwrite each other.
import { util, type Context } from '@aws-appsync/utils';
import type { Platform, PlatformConfig, PlatformConfigSet } from '../../../api/generated/schema-types';
import { validationError } from '../../../lib/appsync/errors';

/** Per owner and platform; keeps the item far below DynamoDB's 400 KB with 16 KB settings each. */
export const MAX_CONFIGS = 20;
const MAX_NAME_LENGTH = 100;

export interface StoredConfig {
  configId: string;
  name: string;
  settings: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  createdBy?: string;
  updatedBy?: string;
}

export interface StoredConfigSet {
  userPlatform: string;
  ownerId?: string;
  platform?: string;
  configs?: Record<string, StoredConfig>;
  currentConfigId?: string;
  updatedAt?: string;
}

/** Who made a change, kept on the entry for the team's audit. */
export function callerSub(ctx: Context): string {
  return ((ctx.identity || {}) as { sub?: string }).sub ?? '';
}

export function configSetKey(ownerId: string, platform: Platform): { userPlatform: string } {
  return { userPlatform: `${ownerId}#${platform}` };
}

export function checkConfigName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed.length === 0) return validationError('The config name must not be empty', 'name', 'empty');
  if (trimmed.length > MAX_NAME_LENGTH) return validationError(`The config name is limited to ${MAX_NAME_LENGTH} characters`, 'name', 'tooLong');
  return trimmed;
}

/** Config ids are ULIDs made by createPlatformConfig; anything else cannot exist. */
export function checkConfigId(configId: unknown): string {
  if (typeof configId !== 'string' || !util.matches('^[0-9A-Za-z_-]{1,64}$', configId)) {
    return validationError('configId is not a config id', 'configId', 'format');
  }
  return configId;
}

export function toPlatformConfig(entry: StoredConfig): PlatformConfig {
  return {
    configId: entry.configId,
    name: entry.name,
    // AWSJSON output: AppSync sends a string result as is.
    settings: JSON.stringify(entry.settings ?? {}),
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
  };
}

/** The set as the API shows it; an owner with no configs yet gets an empty set rather than null. */
export function toPlatformConfigSet(item: StoredConfigSet | null | undefined, ownerId: string, platform: Platform): PlatformConfigSet {
  const configs = (item && item.configs) || {};
  // ULIDs sort in creation order.
  const ids = Object.keys(configs).sort();
  return {
    ownerId,
    platform,
    currentConfigId: (item && item.currentConfigId) || null,
    configs: ids.map((id) => toPlatformConfig(configs[id] as StoredConfig)),
    updatedAt: (item && item.updatedAt) || null,
  };
}
