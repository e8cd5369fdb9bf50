// GraphiQL at the root URL in a real headless browser (Debian's Chromium via playwright-core): its
// assets come from the local npm packages, it is signed in with the token the stack provides, and a
// query run from it returns the caller's data.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphqlEndpoint } from '../../local/graphql-endpoint/server.js';
import { type Jwks, startFixtureEndpoint, startJwks } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let jwks: Jwks;
let endpoint: GraphqlEndpoint;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
  jwks = await startJwks();
  endpoint = await startFixtureEndpoint(jwks, { graphiqlToken: async () => jwks.accessToken('demo-user'), evaluateCode: null });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
});

afterAll(async () => {
  await browser?.close();
  await endpoint?.close();
  await jwks?.close();
});

describe('GraphiQL', () => {
  it('loads offline from local assets and runs a query as the demo user', async () => {
    const page = await browser.newPage();
    const external: string[] = [];
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // Any request leaving this origin would mean a CDN dependency: refuse it and record it.
    const origin = new URL(endpoint.url).origin;
    const posted: string[] = [];
    await page.route('**/*', (route) => {
      if (route.request().method() === 'POST') posted.push(route.request().postData() ?? '');
      if (route.request().url().startsWith(origin)) return route.continue();
      external.push(route.request().url());
      return route.abort();
    });
    await page.goto(`${origin}/`);
    await page.locator('.graphiql-execute-button').waitFor({ timeout: 20_000 });
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(() => (document.querySelector('.result-window')?.textContent ?? '').includes('demo-user'), undefined, { timeout: 20_000 });
    const result = await page.locator('.result-window').textContent();
    expect(result).toContain('"userId": "demo-user"');
    expect(external).toEqual([]);
    // The schema came with the page: no introspection query (deeper than the API's depth limit) was sent.
    expect(posted.length).toBeGreaterThan(0);
    expect(posted.filter((b) => b.includes('__schema'))).toEqual([]);
    await page.click('[aria-label="Show Documentation Explorer"]');
    await page.getByText('Query', { exact: true }).first().waitFor({ timeout: 10_000 });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
