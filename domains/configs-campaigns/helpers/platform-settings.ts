// A platform config's `settings` (AWSJSON object): what the sync of that platform needs. Validated
// here per platform and stored normalized (defaults filled in) as configs.<configId>.settings, so
// the sync reads one complete shape:
//
// | key                   | platforms | value                                                        | default                 |
// |-----------------------|-----------|--------------------------------------------------------------|-------------------------|
// | timeZone              | all       | IANA zone id the reporting days are cut in                   | GOOGLE_ADS/META: required; NAVER/KAKAO: "Asia/Seoul" (the only value they report in) |
// | currency              | all       | ISO 4217 code of the account's money                         | GOOGLE_ADS/META: required; NAVER/KAKAO: "KRW" (only value) |
// | defaultDateRangeDays  | all       | integer 1–90: days synced when syncCampaigns gets no from/to | 30                      |
// | accountIds            | all       | ≤ 100 distinct account IDs to sync, in the platform's format; [] = every connected account | [] |
// |                       |           | GOOGLE_ADS customer id, 10 digits ("123-456-7890" accepted, stored without dashes); META ad account id ("act_<digits>", bare digits accepted; stored with the prefix, as connectPlatformAccount stores it); NAVER customerId digits; KAKAO ad account id digits | |
// | conversionActionTypes | META      | ≤ 20 Meta action_type names summed into conversions, e.g. "purchase", "offsite_conversion.fb_pixel_purchase"; [] = the sync's default | [] |
// | vatHandling           | NAVER     | "EXCLUDED" or "INCLUDED": whether reported cost includes the 10% KR VAT (Naver changed its reports in 2026) | "EXCLUDED" |
//
// Unknown keys are rejected; the JSON text must be at most 16 KB (UTF-8). A bad value is a
// ValidationError with errorInfo { field: 'settings.<key>', reason }.
//
// Time zones are checked by shape and IANA area here (the full tz list would not fit the 32 KB
// resolver code limit next to everything else); the sync resolves the zone with Intl and fails the
// run with a clear message if the zone does not exist.
import { util } from '@aws-appsync/utils';
import type { Platform } from '../../../api/generated/schema-types';
import { validationError } from '../../../lib/appsync/errors';

export interface PlatformSettings {
  timeZone: string;
  currency: string;
  defaultDateRangeDays: number;
  accountIds: string[];
  conversionActionTypes?: string[];
  vatHandling?: 'EXCLUDED' | 'INCLUDED';
}

export const MAX_SETTINGS_BYTES = 16384;
const MAX_ACCOUNT_IDS = 100;
const MAX_ACTION_TYPES = 20;

const COMMON_KEYS = ['timeZone', 'currency', 'defaultDateRangeDays', 'accountIds'];
const EXTRA_KEYS: Record<Platform, string[]> = {
  GOOGLE_ADS: [],
  META: ['conversionActionTypes'],
  NAVER: ['vatHandling'],
  KAKAO: [],
};

// Korean platforms report in KST and bill in KRW only.
const FIXED_ZONE: Record<Platform, string | null> = { GOOGLE_ADS: null, META: null, NAVER: 'Asia/Seoul', KAKAO: 'Asia/Seoul' };
const FIXED_CURRENCY: Record<Platform, string | null> = { GOOGLE_ADS: null, META: null, NAVER: 'KRW', KAKAO: 'KRW' };

// ISO 4217 codes in current use (Intl.supportedValuesOf('currency') of Node 20), space separated.
const CURRENCIES =
  ' AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF' +
  ' CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD' +
  ' HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD' +
  ' LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP' +
  ' PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT' +
  ' TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XDR XOF XPF XSU YER ZAR ZMW ZWG ZWL ';

const TIME_ZONE_PATTERN =
  '^(UTC|Etc/(UTC|GMT([+-](1[0-4]|[0-9]))?)|(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Z][A-Za-z0-9_+-]*(/[A-Z][A-Za-z0-9_+-]*)?)$';

const ACCOUNT_ID_PATTERN: Record<Platform, string> = {
  GOOGLE_ADS: '^[0-9]{10}$',
  META: '^[0-9]{1,20}$',
  NAVER: '^[0-9]{1,12}$',
  KAKAO: '^[0-9]{1,20}$',
};
const ACCOUNT_ID_FORMAT: Record<Platform, string> = {
  GOOGLE_ADS: 'a 10-digit Google Ads customer id',
  META: 'a Meta ad account id (digits, optionally prefixed act_)',
  NAVER: 'a Naver Search Ad customerId (digits)',
  KAKAO: 'a Kakao Moment ad account id (digits)',
};

/** ValidationError naming the setting; `reason` is a stable code, the message says what is expected. */
function bad(field: string, reason: string, expected: string): never {
  return validationError(`${field} ${expected}`, field, reason);
}

// APPSYNC_JS has no Array.isArray (supported-features.html lists no static Array method): an array is an
// object whose constructor is Array, which a value parsed from JSON cannot fake (a function is not JSON).
function isList(value: unknown): value is unknown[] {
  return typeof value === 'object' && value !== null && (value as { constructor?: unknown }).constructor === Array;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !isList(value);
}

/** Account id in the stored spelling, or null when it is not in the platform's format. */
export function normalizeAccountId(platform: Platform, raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  let id = raw;
  if (platform === 'GOOGLE_ADS' && util.matches('^[0-9]{3}-[0-9]{3}-[0-9]{4}$', id)) id = id.split('-').join('');
  if (platform === 'META') {
    // Stored as act_<digits>, the spelling of the credentials table's accountId, so the two compare equal.
    const digits = id.startsWith('act_') ? id.slice(4) : id;
    return util.matches(ACCOUNT_ID_PATTERN[platform], digits) ? `act_${digits}` : null;
  }
  return util.matches(ACCOUNT_ID_PATTERN[platform], id) ? id : null;
}

function checkTimeZone(platform: Platform, value: unknown): string {
  const fixed = FIXED_ZONE[platform];
  if (value === undefined || value === null) {
    if (fixed) return fixed;
    return bad('settings.timeZone', 'required', `is required for ${platform} (IANA zone id, e.g. "Asia/Seoul")`);
  }
  if (typeof value !== 'string' || value.length > 64 || !util.matches(TIME_ZONE_PATTERN, value)) {
    return bad('settings.timeZone', 'format', 'must be an IANA time zone id such as "Asia/Seoul" or "America/New_York"');
  }
  if (fixed && value !== fixed) bad('settings.timeZone', 'fixedByPlatform', `must be ${fixed}: ${platform} reports in ${fixed} only`);
  return value;
}

function checkCurrency(platform: Platform, value: unknown): string {
  const fixed = FIXED_CURRENCY[platform];
  if (value === undefined || value === null) {
    if (fixed) return fixed;
    return bad('settings.currency', 'required', `is required for ${platform} (ISO 4217 code, e.g. "USD")`);
  }
  if (typeof value !== 'string' || value.length !== 3 || CURRENCIES.indexOf(` ${value} `) < 0) {
    return bad('settings.currency', 'format', 'must be an ISO 4217 currency code such as "KRW" or "USD"');
  }
  if (fixed && value !== fixed) bad('settings.currency', 'fixedByPlatform', `must be ${fixed}: ${platform} accounts are billed in ${fixed} only`);
  return value;
}

function checkDateRange(value: unknown): number {
  if (value === undefined || value === null) return 30;
  if (typeof value !== 'number' || Math.floor(value) !== value || value < 1 || value > 90) {
    return bad('settings.defaultDateRangeDays', 'range', 'must be a whole number of days from 1 to 90');
  }
  return value;
}

function checkAccountIds(platform: Platform, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!isList(value)) return bad('settings.accountIds', 'format', 'must be a list of account ids');
  if (value.length > MAX_ACCOUNT_IDS) bad('settings.accountIds', 'tooMany', `may list at most ${MAX_ACCOUNT_IDS} accounts`);
  const ids: string[] = [];
  value.forEach((raw: unknown, i: number) => {
    const id = normalizeAccountId(platform, raw);
    if (id === null) bad(`settings.accountIds[${i}]`, 'format', `must be ${ACCOUNT_ID_FORMAT[platform]}`);
    if (ids.indexOf(id as string) >= 0) bad(`settings.accountIds[${i}]`, 'duplicate', 'repeats an account listed before');
    ids.push(id as string);
  });
  return ids;
}

function checkActionTypes(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!isList(value)) return bad('settings.conversionActionTypes', 'format', 'must be a list of Meta action types');
  if (value.length > MAX_ACTION_TYPES) bad('settings.conversionActionTypes', 'tooMany', `may list at most ${MAX_ACTION_TYPES} action types`);
  const types: string[] = [];
  value.forEach((raw: unknown, i: number) => {
    if (typeof raw !== 'string' || !util.matches('^[a-z0-9_.]{1,100}$', raw)) {
      bad(`settings.conversionActionTypes[${i}]`, 'format', 'must be a Meta action_type such as "purchase"');
    }
    if (types.indexOf(raw as string) < 0) types.push(raw as string);
  });
  return types;
}

function checkVat(value: unknown): 'EXCLUDED' | 'INCLUDED' {
  if (value === undefined || value === null) return 'EXCLUDED';
  if (value !== 'EXCLUDED' && value !== 'INCLUDED') {
    return bad('settings.vatHandling', 'format', 'must be "EXCLUDED" or "INCLUDED"');
  }
  return value;
}

/** Validates `settings` (already parsed from AWSJSON) for `platform`; returns the normalized form. */
export function validateSettings(platform: Platform, settings: unknown): PlatformSettings {
  if (!isPlainObject(settings)) return bad('settings', 'format', 'must be a JSON object');
  // Size of the UTF-8 text: base64 turns every 3 bytes into 4 characters.
  const encoded = util.base64Encode(JSON.stringify(settings));
  if ((encoded.length / 4) * 3 > MAX_SETTINGS_BYTES + 2) {
    bad('settings', 'tooLarge', `must be at most ${MAX_SETTINGS_BYTES} bytes of JSON`);
  }
  const allowed = COMMON_KEYS.concat(EXTRA_KEYS[platform]);
  Object.keys(settings).forEach((key) => {
    // The key goes into errorInfo.field only when it is a plain short name.
    const field = util.matches('^[A-Za-z0-9_]{1,64}$', key) ? `settings.${key}` : 'settings';
    if (allowed.indexOf(key) < 0) bad(field, 'unknownSetting', `is not a ${platform} setting (allowed: ${allowed.join(', ')})`);
  });
  const out: PlatformSettings = {
    timeZone: checkTimeZone(platform, settings.timeZone),
    currency: checkCurrency(platform, settings.currency),
    defaultDateRangeDays: checkDateRange(settings.defaultDateRangeDays),
    accountIds: checkAccountIds(platform, settings.accountIds),
  };
  if (platform === 'META') out.conversionActionTypes = checkActionTypes(settings.conversionActionTypes);
  if (platform === 'NAVER') out.vatHandling = checkVat(settings.vatHandling);
  return out;
}
