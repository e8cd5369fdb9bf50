// The demo page in a real headless browser (Debian's Chromium driven by playwright-core): sign in,
// pick the connected account, click Sync, watch the progress reach 100% and the campaign table fill;
// Sync is held while a sync runs and Last sync refreshes after it; a teammate is told what they see;
// sign-up, confirmation and sign-out work from the page; nothing it loads answers 404 (favicon).
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../local/fakes/index.js';
import { docClient, gql, newUser, outputs, table, type TestUser } from '../support/stack.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A page that records its errors and every response of 400 or more (a missing favicon included). */
async function openDemo(browser: Browser): Promise<{ page: Page; pageErrors: string[]; failed: string[] }> {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  const failed: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('response', (r) => void (r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`)));
  await page.goto(`${new URL(outputs().graphql!.url).origin}/demo/`);
  return { page, pageErrors, failed };
}

async function signIn(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.fill('#email', user.email);
  await page.fill('#password', user.password);
  await page.click('#sign-in-button');
  await page.locator('#who').filter({ hasText: user.email }).waitFor({ timeout: 15_000 });
}

/** Team rows as the teams data model stores them (ARCHITECTURE.md). */
async function team(owner: TestUser, mate: TestUser, role: 'admin' | 'member', teamName: string): Promise<void> {
  const teamId = randomUUID();
  const now = new Date().toISOString();
  const put = (Item: Record<string, unknown>) => docClient().send(new PutCommand({ TableName: table('teams'), Item }));
  await put({ teamId, userId: '#META', teamName, ownerId: owner.sub, createdAt: now, updatedAt: now });
  await put({ teamId, userId: owner.sub, role: 'owner', ownerId: owner.sub, teamName, joinedAt: now, email: owner.email });
  await put({ teamId, userId: mate.sub, role, ownerId: owner.sub, teamName, joinedAt: now, invitedBy: owner.sub, email: mate.email });
}

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

    const { page, pageErrors, failed } = await openDemo(browser);
    await signIn(page, user);
    const row = page.locator(`#accounts tr[data-account-id="${demo.accountId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator('td').nth(4).textContent()).toBe('—'); // never synced
    await row.locator('button').click();
    await page.locator('#sync-button:not([disabled])').waitFor();
    // Every value the progress bar takes during the sync (the sync publishes as its pages and batches complete).
    await page.evaluate(() => {
      const bar = document.querySelector<HTMLProgressElement>('#sync-progress')!;
      const seen: number[] = ((window as unknown as { seenProgress: number[] }).seenProgress = []);
      new MutationObserver(() => seen.push(bar.value)).observe(bar, { attributes: true, attributeFilter: ['value'] });
    });
    // A double click starts one sync: the button is held from the first click until the sync ends.
    await page.dblclick('#sync-button');
    expect(await page.locator('#sync-button').isDisabled()).toBe(true);

    await page.waitForFunction(() => document.querySelector<HTMLProgressElement>('#sync-progress')?.value === 100, undefined, { timeout: 30_000 });
    await page.locator('#sync-state[data-state="SUCCEEDED"]').waitFor({ timeout: 10_000 });
    await page.waitForFunction((n) => document.querySelectorAll('#campaigns tbody tr').length === n, demo.campaigns.length, { timeout: 10_000 });
    const names = await page.locator('#campaigns tbody tr td:first-child').allTextContents();
    expect(names.sort()).toEqual(demo.campaigns.map((c) => c.name).sort());
    const seen = await page.evaluate(() => (window as unknown as { seenProgress: number[] }).seenProgress);
    expect(seen.some((v) => v > 0 && v < 100), `progress values ${seen.join(', ')}`).toBe(true);
    // Google reports conversions: a number in Conversions; ROAS is a ratio or — (no cost).
    const headers = await page.locator('#campaigns thead th').allTextContents();
    const conversions = await page.locator(`#campaigns tbody tr td:nth-child(${headers.indexOf('Conversions') + 1})`).allTextContents();
    expect(conversions.every((t) => /^\d+(\.\d+)?$/.test(t)), conversions.join(', ')).toBe(true);
    const roas = await page.locator(`#campaigns tbody tr td:nth-child(${headers.indexOf('ROAS') + 1})`).allTextContents();
    expect(roas.every((t) => t === '—' || /^\d+\.\d\d$/.test(t)), roas.join(', ')).toBe(true);
    // The sync ended: Sync is back and Last sync shows the new time without a reload.
    await page.locator('#sync-button:not([disabled])').waitFor({ timeout: 10_000 });
    await page.waitForFunction(
      (id) => !['—', ''].includes(document.querySelector(`#accounts tr[data-account-id="${id}"] td:nth-child(5)`)?.textContent ?? ''),
      demo.accountId,
      { timeout: 10_000 },
    );
    expect(await page.locator('#error').textContent()).toBe('');
    expect(await page.locator('#team-note').isHidden()).toBe(true);
    expect(pageErrors).toEqual([]);
    expect(failed).toEqual([]);
  }, 90_000);

  it("tells a teammate whose accounts they see; signs up, confirms and signs out from the page", async () => {
    const [owner, admin, member] = await Promise.all([newUser('Demo Owner'), newUser('Demo Admin'), newUser('Demo Member')]);
    await team(owner, admin, 'admin', 'Admins team');
    await team(owner, member, 'member', 'Members team');
    const demo = demoAccounts().META;
    const connected = await gql(owner, `mutation ($input: ConnectPlatformAccountInput!) { connectPlatformAccount(input: $input) { accountId } }`, {
      input: { platform: 'META', accountId: demo.accountId, displayName: demo.name, credentials: JSON.stringify(demo.credentials) },
    });
    expect(connected.errors).toBeUndefined();
    const accountId = connected.data.connectPlatformAccount.accountId as string;

    const { page, pageErrors, failed } = await openDemo(browser);
    // The admin has no accounts of their own: the page shows the team owner's, and says so.
    await signIn(page, admin);
    await page.locator(`#accounts tr[data-account-id="${accountId}"]`).waitFor({ timeout: 15_000 });
    const note = page.locator('#team-note');
    expect(await note.isVisible()).toBe(true);
    expect(await note.textContent()).toMatch(/You are ADMIN of the team “Admins team”: you see its owner's connected accounts.*You can start a sync/);
    await page.locator(`#accounts tr[data-account-id="${accountId}"] button`).click();
    await page.locator('#sync-button:not([disabled])').waitFor();
    await page.locator('#campaigns-empty').waitFor(); // nothing synced yet: said, not a silent empty table

    // Sign out: the data is gone from the page.
    await page.click('#sign-out-button');
    await page.locator('#app').waitFor({ state: 'hidden' });
    expect(await page.locator('#who').textContent()).toBe('');
    expect(await page.locator('#accounts tbody tr').count()).toBe(0);

    // A member sees the same accounts but may not start a sync.
    await signIn(page, member);
    await page.locator(`#accounts tr[data-account-id="${accountId}"] button`).click();
    expect(await note.textContent()).toMatch(/You are MEMBER of the team “Members team”.*only the owner or an admin starts one/);
    expect(await page.locator('#sync-button').isDisabled()).toBe(true);
    await page.click('#sign-out-button');
    await page.locator('#app').waitFor({ state: 'hidden' });

    // Sign up a new user from the page, confirm with the local code: signed in, told how to begin.
    const email = `demo-signup-${randomUUID().slice(0, 8)}@test.sivera.example`;
    await page.fill('#email', email);
    await page.fill('#password', `Pw-${randomUUID().slice(0, 8)}aA1`);
    await page.click('#sign-up-button');
    await page.locator('#confirm').waitFor({ timeout: 15_000 });
    await page.fill('#code', outputs().cognito.confirmationCode);
    await page.click('#confirm-button');
    await page.locator('#who').filter({ hasText: email }).waitFor({ timeout: 15_000 });
    await note.filter({ hasText: /no connected accounts and belong to no team yet/ }).waitFor({ timeout: 15_000 });
    expect(await page.locator('#accounts-empty').isVisible()).toBe(true);

    expect(await page.locator('#error').textContent()).toBe('');
    expect(pageErrors).toEqual([]);
    expect(failed).toEqual([]);
  }, 90_000);
});
