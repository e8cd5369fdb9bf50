// GraphiQL on the local stack in a real headless browser (Debian's Chromium via playwright-core):
// a subscription run from GraphiQL goes over AppSync's real-time protocol and shows the events a sync
// publishes, and switching users in GraphiQL's bar shows authorization at work: the owner's teammate
// receives the owner's sync events, a stranger (signed up and confirmed from the page) is refused.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphiqlPage } from '../../local/graphql-endpoint/graphiql.js';
import { docClient, gql, newUser, outputs, table, type TestUser } from '../support/stack.js';
import { seedAccount, storedAccountId } from '../../domains/sync/test/helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let context: BrowserContext;
let profile: string;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
  profile = mkdtempSync(join(tmpdir(), 'graphiql-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: FLAGS });
});
afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Team rows as the teams data model stores them (ARCHITECTURE.md): the owner's team with `mate` as admin. */
async function team(owner: TestUser, mate: TestUser): Promise<void> {
  const teamId = randomUUID();
  const now = new Date().toISOString();
  const put = (Item: Record<string, unknown>) => docClient().send(new PutCommand({ TableName: table('teams'), Item }));
  await put({ teamId, userId: '#META', teamName: 'GraphiQL team', ownerId: owner.sub, createdAt: now, updatedAt: now });
  await put({ teamId, userId: owner.sub, role: 'owner', ownerId: owner.sub, teamName: 'GraphiQL team', joinedAt: now, email: owner.email });
  await put({ teamId, userId: mate.sub, role: 'admin', ownerId: owner.sub, teamName: 'GraphiQL team', joinedAt: now, invitedBy: owner.sub, email: mate.email });
}

async function setQuery(page: Page, query: string): Promise<void> {
  await page.evaluate((q) => {
    const cm = document.querySelector('.graphiql-query-editor .CodeMirror') as (Element & { CodeMirror?: { setValue(v: string): void } }) | null;
    if (!cm?.CodeMirror) throw new Error('no query editor');
    cm.CodeMirror.setValue(q);
  }, query);
}
const result = (page: Page) => page.locator('.result-window').textContent().then((t) => t ?? '');
const resultIncludes = (page: Page, text: string) =>
  page.waitForFunction((t) => (document.querySelector('.result-window')?.textContent ?? '').includes(t), text, { timeout: 30_000 });

describe('GraphiQL on the local stack', () => {
  it('runs a subscription over the real-time protocol and switches users: teammate receives, stranger is refused', async () => {
    const [owner, mate] = await Promise.all([newUser('GraphiQL Owner'), newUser('GraphiQL Mate')]);
    await team(owner, mate);
    // A small account of the fake Meta (two campaigns, a week of history): the sync is quick.
    const account = await seedAccount('META', { campaigns: 2, historyDays: 7 });
    const accountId = storedAccountId(account);
    const connected = await gql(owner, `mutation ($input: ConnectPlatformAccountInput!) { connectPlatformAccount(input: $input) { accountId } }`, {
      input: { platform: 'META', accountId, displayName: account.name, credentials: JSON.stringify(account.credentials) },
    });
    expect(connected.errors).toBeUndefined();

    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const origin = new URL(outputs().graphql!.url).origin;
    // Everything the page loads comes from the stack (no CDN); Cognito is the stack's own endpoint.
    const allowed = [origin, new URL(outputs().cognito.endpoint).origin];
    const external: string[] = [];
    // The test stack seeds no demo users: list the teammate as one in the page's config, as `npm start`
    // lists its demo users (edited as the page is parsed: a fulfilled response would not be a loopback page).
    // The config element is complete once the parser has added the node after it (its text may arrive
    // in several parser steps); the page's scripts, which read it, come later still.
    await page.addInitScript((user) => {
      new MutationObserver((_records, observer) => {
        const n = document.getElementById('sivera-graphiql-config');
        if (!n?.nextSibling) return;
        const config = JSON.parse(n.textContent ?? '{}') as { auth: { demoUsers: unknown[] } };
        config.auth.demoUsers = [user];
        n.textContent = JSON.stringify(config);
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    }, { email: mate.email, password: mate.password, role: 'ADMIN' });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (allowed.some((o) => url.startsWith(o))) return route.continue();
      external.push(url);
      return route.abort();
    });
    await page.goto(`${origin}/`);
    await page.locator('.graphiql-execute-button').waitFor({ timeout: 30_000 });

    // The teammate, listed as a demo user, signs in with one click and subscribes to the owner's sync statuses.
    await page.click(`#auth-demo button[data-email="${mate.email}"]`);
    await page.locator(`#auth-user[data-email="${mate.email}"]`).waitFor({ timeout: 15_000 });
    const subscription = `subscription { onSyncStatusChanged(ownerId: "${owner.sub}") { ownerId platform accountId state progress } }`;
    await setQuery(page, subscription);
    await page.click('.graphiql-execute-button');
    await page.locator('#sub-status[data-state="active"]').waitFor({ timeout: 30_000 });

    // The owner syncs: the events reach GraphiQL up to the final state.
    const sync = await gql(owner, `mutation { syncCampaigns(platform: META, accountId: "${accountId}") { syncId state } }`);
    expect(sync.errors).toBeUndefined();
    await resultIncludes(page, '"state": "SUCCEEDED"');
    expect(await result(page)).toContain(`"ownerId": "${owner.sub}"`);
    expect(await result(page)).toContain('"progress": 100');
    // Stop: GraphiQL's button sends `stop` and the socket closes.
    await page.click('.graphiql-execute-button');
    await page.locator('#sub-status[data-state="closed"]').waitFor({ state: 'attached', timeout: 10_000 });

    // The sign-in form acts as anyone: the owner.
    await page.fill('#auth-email', owner.email);
    await page.fill('#auth-password', owner.password);
    await page.click('#auth-signin');
    await page.locator(`#auth-user[data-email="${owner.email}"]`).waitFor({ timeout: 15_000 });
    await setQuery(page, '{ me { userId } }');
    await page.click('.graphiql-execute-button');
    await resultIncludes(page, owner.sub);

    // Sign out, then sign up a stranger from the page (confirmation code of the local stack).
    await page.click('#auth-signout');
    await page.locator('#auth-user[data-email=""]').waitFor();
    const stranger = { email: `graphiql-stranger-${randomUUID().slice(0, 8)}@test.sivera.example`, password: `Pw-${randomUUID().slice(0, 8)}aA1` };
    await page.fill('#auth-email', stranger.email);
    await page.fill('#auth-password', stranger.password);
    await page.click('#auth-signup');
    await page.locator('#auth-confirm-form:not([hidden])').waitFor({ timeout: 15_000 });
    await page.fill('#auth-code', outputs().cognito.confirmationCode);
    await page.click('#auth-confirm');
    await page.locator(`#auth-user[data-email="${stranger.email}"]`).waitFor({ timeout: 15_000 });

    // Queries go as the stranger now…
    await setQuery(page, '{ me { email } }');
    await page.click('.graphiql-execute-button');
    await resultIncludes(page, stranger.email);
    // …and the stranger's subscription to the owner's statuses is refused.
    await setQuery(page, subscription);
    await page.click('.graphiql-execute-button');
    await resultIncludes(page, 'Unauthorized');
    await page.locator('#sub-status[data-state="failed"]').waitFor({ timeout: 10_000 });
    expect(await result(page)).not.toContain('"state"');

    expect(await page.locator('#auth-message').getAttribute('class')).not.toBe('error');
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('lists the demo users (with their passwords) only under a loopback Host', () => {
    const auth = { region: 'ap-northeast-2', cognitoEndpoint: 'http://127.0.0.1:4002', userPoolClientId: 'client', demoUsers: [{ email: 'demo@sivera.example', password: 'SiveraDemo1', role: 'OWNER' }] };
    const config = (host: string) =>
      JSON.parse(/<script type="application\/json" id="sivera-graphiql-config">(.*?)<\/script>/s.exec(graphiqlPage({ token: 't', introspection: null, host, auth }))![1]!) as {
        token: string | null;
        auth: { demoUsers: unknown[] };
      };
    expect(config('127.0.0.1:4000').auth.demoUsers).toEqual(auth.demoUsers);
    expect(config('127.0.0.1:4000').token).toBe('t');
    const rebound = config('evil.example:4000');
    expect(rebound.auth.demoUsers).toEqual([]);
    expect(rebound.token).toBeNull();
  });
});
