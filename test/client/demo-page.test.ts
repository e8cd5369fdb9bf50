// The demo page in a real headless browser (Debian's Chromium driven by playwright-core): sign in,
// pick the connected account, click Sync, watch the progress reach 100% and the campaign table fill.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../local/fakes/index.js';
import { gql, newUser, outputs } from '../support/stack.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('demo page', () => {
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs in, syncs with a live progress bar and shows the campaigns', async () => {
    const user = await newUser('Demo Page');
    const demo = demoAccounts().GOOGLE_ADS;
    const connected = await gql(user, `mutation ($input: ConnectPlatformAccountInput!) { connectPlatformAccount(input: $input) { accountId } }`, {
      input: { platform: 'GOOGLE_ADS', accountId: demo.accountId, displayName: demo.name, credentials: JSON.stringify(demo.credentials) },
    });
    expect(connected.errors).toBeUndefined();

    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const base = new URL(outputs().graphql!.url);
    await page.goto(`${base.origin}/demo/`);
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.click('#sign-in-button');
    const row = page.locator(`#accounts tr[data-account-id="${demo.accountId}"]`);
    await row.waitFor({ timeout: 15_000 });
    await row.locator('button').click();
    await page.locator('#sync-button:not([disabled])').waitFor();
    await page.click('#sync-button');

    await page.waitForFunction(() => document.querySelector<HTMLProgressElement>('#sync-progress')?.value === 100, undefined, { timeout: 30_000 });
    await page.locator('#sync-state[data-state="SUCCEEDED"]').waitFor({ timeout: 10_000 });
    await page.waitForFunction((n) => document.querySelectorAll('#campaigns tbody tr').length === n, demo.campaigns.length, { timeout: 10_000 });
    const names = await page.locator('#campaigns tbody tr td:first-child').allTextContents();
    expect(names.sort()).toEqual(demo.campaigns.map((c) => c.name).sort());
    expect(await page.locator('#error').textContent()).toBe('');
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
