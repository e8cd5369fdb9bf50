// syncId (docs/ARCHITECTURE.md): base64url of {"o":owner,"p":platform,"a":accountId,"id":uuid}, opaque to
// clients; syncStatus(syncId) decodes it to find the account item. The resolvers build the same string.
import { randomUUID } from 'node:crypto';
import type { Platform } from '../../../api/generated/schema-types.js';
import { isPlatform } from '../../../api/platforms.js';

export interface SyncKey {
  ownerId: string;
  platform: Platform;
  accountId: string;
  id: string;
}

export function encodeSyncId(k: Omit<SyncKey, 'id'> & { id?: string }): string {
  return Buffer.from(JSON.stringify({ o: k.ownerId, p: k.platform, a: k.accountId, id: k.id ?? randomUUID() })).toString('base64url');
}

export function decodeSyncId(syncId: string): SyncKey | null {
  try {
    const v = JSON.parse(Buffer.from(syncId, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof v.o !== 'string' || typeof v.a !== 'string' || typeof v.id !== 'string') return null;
    if (!isPlatform(v.p)) return null;
    return { ownerId: v.o, platform: v.p, accountId: v.a, id: v.id };
  } catch {
    return null;
  }
}
