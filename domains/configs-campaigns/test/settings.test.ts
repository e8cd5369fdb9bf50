// Per-platform settings validation through createPlatformConfig / updatePlatformConfig: every bad
// setting is a ValidationError naming it (errorInfo.field), nothing is written; good settings come
// back normalized.
import { beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { docClient, gql, newUser, snapshotFor, table, type TestUser } from '../../../test/support/stack.js';
import { CREATE, UPDATE } from './operations.js';

let user: TestUser;
/** Only ever sends rejected input, so it must never have a config item. */
let rejected: TestUser;
beforeAll(async () => {
  [user, rejected] = await Promise.all([newUser('cfg-settings'), newUser('cfg-settings-rejected')]);
});

const G = { timeZone: 'America/New_York', currency: 'USD' };

const bad: [string, string, unknown, string, string][] = [
  // platform, label, settings, field, reason
  ['GOOGLE_ADS', 'time zone missing', { currency: 'USD' }, 'settings.timeZone', 'required'],
  ['GOOGLE_ADS', 'unknown IANA area', { ...G, timeZone: 'Mars/Olympus' }, 'settings.timeZone', 'format'],
  ['GOOGLE_ADS', 'offset instead of a zone', { ...G, timeZone: '+09:00' }, 'settings.timeZone', 'format'],
  ['GOOGLE_ADS', 'zone with junk', { ...G, timeZone: 'Asia/Seoul; x' }, 'settings.timeZone', 'format'],
  ['GOOGLE_ADS', 'zone not a string', { ...G, timeZone: 9 }, 'settings.timeZone', 'format'],
  ['META', 'currency missing', { timeZone: 'Europe/Berlin' }, 'settings.currency', 'required'],
  ['META', 'lower-case currency', { ...G, currency: 'usd' }, 'settings.currency', 'format'],
  ['META', 'not an ISO 4217 code', { ...G, currency: 'XYZ' }, 'settings.currency', 'format'],
  ['GOOGLE_ADS', 'range 0 days', { ...G, defaultDateRangeDays: 0 }, 'settings.defaultDateRangeDays', 'range'],
  ['GOOGLE_ADS', 'range 91 days', { ...G, defaultDateRangeDays: 91 }, 'settings.defaultDateRangeDays', 'range'],
  ['GOOGLE_ADS', 'fractional range', { ...G, defaultDateRangeDays: 1.5 }, 'settings.defaultDateRangeDays', 'range'],
  ['GOOGLE_ADS', 'range as a string', { ...G, defaultDateRangeDays: '30' }, 'settings.defaultDateRangeDays', 'range'],
  ['GOOGLE_ADS', 'accountIds not a list', { ...G, accountIds: '1234567890' }, 'settings.accountIds', 'format'],
  ['GOOGLE_ADS', 'short Google customer id', { ...G, accountIds: ['1234567890', '12345'] }, 'settings.accountIds[1]', 'format'],
  ['GOOGLE_ADS', 'duplicate (dashed) id', { ...G, accountIds: ['1234567890', '123-456-7890'] }, 'settings.accountIds[1]', 'duplicate'],
  ['GOOGLE_ADS', 'too many accounts', { ...G, accountIds: Array.from({ length: 101 }, (_, i) => String(1000000000 + i)) }, 'settings.accountIds', 'tooMany'],
  ['META', 'Meta id with letters', { ...G, accountIds: ['act_12x'] }, 'settings.accountIds[0]', 'format'],
  ['KAKAO', 'Kakao id not digits', { accountIds: ['abc'] }, 'settings.accountIds[0]', 'format'],
  ['GOOGLE_ADS', 'unknown key', { ...G, foo: 1 }, 'settings.foo', 'unknownSetting'],
  ['GOOGLE_ADS', 'NAVER-only key on Google', { ...G, vatHandling: 'INCLUDED' }, 'settings.vatHandling', 'unknownSetting'],
  ['NAVER', 'Naver zone is fixed', { timeZone: 'UTC' }, 'settings.timeZone', 'fixedByPlatform'],
  ['NAVER', 'Naver currency is fixed', { currency: 'USD' }, 'settings.currency', 'fixedByPlatform'],
  ['NAVER', 'VAT handling value', { vatHandling: 'yes' }, 'settings.vatHandling', 'format'],
  ['KAKAO', 'Kakao currency is fixed', { currency: 'JPY' }, 'settings.currency', 'fixedByPlatform'],
  ['META', 'bad action type', { ...G, conversionActionTypes: ['purchase', 'Purchase!'] }, 'settings.conversionActionTypes[1]', 'format'],
  ['META', 'too many action types', { ...G, conversionActionTypes: Array.from({ length: 21 }, (_, i) => `a${i}`) }, 'settings.conversionActionTypes', 'tooMany'],
  ['GOOGLE_ADS', 'a list, not an object', [1, 2], 'settings', 'format'],
  ['GOOGLE_ADS', 'a string, not an object', 'x', 'settings', 'format'],
  ['GOOGLE_ADS', 'larger than 16 KB', { ...G, note: 'x'.repeat(17000) }, 'settings', 'tooLarge'],
];

describe('settings validation', () => {
  it.each(bad)('%s: %s → %s', async (platform, _label, settings, field, reason) => {
    const r = await gql(rejected, CREATE, { input: { platform, name: 'x', settings: JSON.stringify(settings) } });
    expect(r.data?.createPlatformConfig ?? null).toBeNull();
    expect(r.errors?.[0]).toMatchObject({ errorType: 'ValidationError', errorInfo: { field, reason } });
    expect(r.errors?.[0]?.message).toContain(field);
    // Validation runs before any read or write: not even the empty set was created.
    const item = await docClient().send(
      new GetCommand({ TableName: table('platformConfigs'), Key: { userPlatform: `${rejected.sub}#${platform}` }, ConsistentRead: true }),
    );
    expect(item.Item).toBeUndefined();
  });

  it('validates the name', async () => {
    for (const [name, reason] of [
      ['   ', 'empty'],
      ['n'.repeat(101), 'tooLong'],
    ]) {
      const r = await gql(user, CREATE, { input: { platform: 'NAVER', name, settings: '{}' } });
      expect(r.errors?.[0]).toMatchObject({ errorType: 'ValidationError', errorInfo: { field: 'name', reason } });
    }
  });

  it('normalizes good settings per platform', async () => {
    const cases: [string, unknown, unknown][] = [
      ['NAVER', {}, { timeZone: 'Asia/Seoul', currency: 'KRW', defaultDateRangeDays: 30, accountIds: [], vatHandling: 'EXCLUDED' }],
      ['KAKAO', { accountIds: ['42'], defaultDateRangeDays: 90 }, { timeZone: 'Asia/Seoul', currency: 'KRW', defaultDateRangeDays: 90, accountIds: ['42'] }],
      [
        'META',
        { timeZone: 'America/Argentina/Buenos_Aires', currency: 'ARS', accountIds: ['act_1234', '5678'], conversionActionTypes: ['purchase', 'offsite_conversion.fb_pixel_purchase'] },
        { timeZone: 'America/Argentina/Buenos_Aires', currency: 'ARS', defaultDateRangeDays: 30, accountIds: ['act_1234', 'act_5678'], conversionActionTypes: ['purchase', 'offsite_conversion.fb_pixel_purchase'] },
      ],
      ['GOOGLE_ADS', { timeZone: 'Etc/GMT+9', currency: 'EUR', defaultDateRangeDays: 1 }, { timeZone: 'Etc/GMT+9', currency: 'EUR', defaultDateRangeDays: 1, accountIds: [] }],
      ['NAVER', { vatHandling: 'INCLUDED', timeZone: 'Asia/Seoul', currency: 'KRW' }, { timeZone: 'Asia/Seoul', currency: 'KRW', defaultDateRangeDays: 30, accountIds: [], vatHandling: 'INCLUDED' }],
    ];
    for (const [platform, settings, expected] of cases) {
      const r = await gql(user, CREATE, { input: { platform, name: `ok ${platform}`, settings: JSON.stringify(settings) } });
      expect(r.errors, platform).toBeUndefined();
      expect(JSON.parse(r.data.createPlatformConfig.settings)).toEqual(expected);
    }
  });

  it('an update with a bad setting changes nothing', async () => {
    const owner = await newUser('cfg-settings-upd');
    const created = await gql(owner, CREATE, { input: { platform: 'GOOGLE_ADS', name: 'keep', settings: JSON.stringify(G) } });
    expect(created.errors).toBeUndefined();
    const before = await snapshotFor([owner]);
    const r = await gql(owner, UPDATE, {
      input: { platform: 'GOOGLE_ADS', configId: created.data.createPlatformConfig.configId, name: 'new', settings: JSON.stringify({ ...G, currency: 'EURO' }) },
    });
    expect(r.errors?.[0]).toMatchObject({ errorType: 'ValidationError', errorInfo: { field: 'settings.currency', reason: 'format' } });
    expect(await snapshotFor([owner])).toEqual(before);
  });
});
