// The campaigns nextToken. Pages are keyset-paginated on the LSI sort key (updatedSort, unique per
// partition), so a token only says "continue in account C after sort key K": no DynamoDB
// nextToken is carried, and the next Query is always built from the verified owner
// (ctx.stash.ownerId) with `updatedSort < K` — whatever a token says, it can only select a
// position inside a partition the caller is already allowed to read.
//
// What is checked: the token is bound to the query it came from (owner, platform, account filter,
// status filter) and a token from another owner or another query is a ValidationError; so is any
// token that does not decode. A checksum catches corrupted or casually edited tokens. It is not a
// MAC: APPSYNC_JS has no HMAC or hash primitive, and the security does not rest on it (see above).
import { util } from '@aws-appsync/utils';
import { validationError } from '../../../lib/appsync/errors';

export interface CursorBinding {
  /** verified owner */
  o: string;
  /** platform */
  p: string;
  /** accountId argument (null: every account of the platform) */
  a: string | null;
  /** status filter */
  f: string | null;
}

export interface CampaignCursor {
  account: string;
  after: string | null;
}

interface TokenBody extends CursorBinding {
  v: number;
  c: string;
  k: string | null;
}

const MAX_TOKEN_LENGTH = 2048;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';

// Two polynomial hashes over the base64 digits; products stay below 2^53, so exact in doubles.
function checksum(encoded: string): string {
  let h1 = 7;
  let h2 = 11;
  for (const ch of encoded.split('')) {
    const v = B64.indexOf(ch) + 1;
    h1 = (h1 * 31 + v) % 2147483629;
    h2 = (h2 * 131 + v) % 999999937;
  }
  return `${h1}x${h2}`;
}

export function encodeCursor(binding: CursorBinding, cursor: CampaignCursor): string {
  const body: TokenBody = { v: 1, o: binding.o, p: binding.p, a: binding.a, f: binding.f, c: cursor.account, k: cursor.after };
  const encoded = util.base64Encode(JSON.stringify(body));
  return `${encoded}.${checksum(encoded)}`;
}

function rejectToken(reason: string, message: string): never {
  return validationError(`nextToken ${message}`, 'nextToken', reason);
}

export function checkTokenShape(token: string): void {
  if (token.length > MAX_TOKEN_LENGTH || !util.matches('^[A-Za-z0-9+/]+={0,2}\\.[0-9]+x[0-9]+$', token)) {
    rejectToken('format', 'is not a token this query returned');
  }
}

/** Decodes a token and checks it belongs to this query of this owner. */
export function decodeCursor(token: string, binding: CursorBinding): CampaignCursor {
  checkTokenShape(token);
  const parts = token.split('.');
  const encoded = parts[0] as string;
  if (encoded.length % 4 !== 0 || checksum(encoded) !== parts[1]) rejectToken('tampered', 'is corrupted or was modified');
  const body = JSON.parse(util.base64Decode(encoded)) as TokenBody | string | null;
  if (typeof body !== 'object' || body === null || body.v !== 1) return rejectToken('format', 'is not a token this query returned');
  if (body.o !== binding.o) rejectToken('foreignOwner', 'was issued for another owner');
  if (body.p !== binding.p || body.a !== binding.a || body.f !== binding.f) {
    rejectToken('otherQuery', 'was issued for a different query (platform, accountId and status must stay the same)');
  }
  if (typeof body.c !== 'string' || !util.matches('^[A-Za-z0-9_.:-]{1,64}$', body.c) || (binding.a !== null && body.c !== binding.a)) {
    rejectToken('otherQuery', 'names an account outside this query');
  }
  if (body.k !== null && (typeof body.k !== 'string' || body.k.length === 0 || body.k.length > 300)) {
    rejectToken('format', 'has an invalid position');
  }
  return { account: body.c, after: body.k };
}
