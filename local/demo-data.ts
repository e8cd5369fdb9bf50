// Demo data for `npm start`: two users (credentials in the README and .local/outputs.json), a team
// with both, a platform config and one connected demo ad account per platform (served by the fake
// platform servers), and campaigns through a sync. Everything goes through the real API: Cognito
// sign-up (so the PostConfirmation Lambda runs) and GraphQL mutations, so demo data is exactly what
// a user would create. Steps whose operation is not implemented yet are skipped with a log line and
// retried on the next start; finished steps are recorded in <state>/demo-state.json. That record is
// never trusted alone: each start checks it against the data it describes (the users in Cognito, their
// profiles, team, configs and accounts through the API, the KMS key the credentials are sealed with), so
// a partly deleted data folder (dynamodb/, cognito/, kms/, the record itself) has its missing parts seeded again.
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
// The Cognito SDK is loaded only when a sign-up or sign-in is made (not at all on a seeded restart).
const sdk = () => import('@aws-sdk/client-cognito-identity-provider');
import type { Platform } from '../api/generated/schema-types.js';
import { PLATFORMS } from '../api/platforms.js';
import { wiring } from '../api/wiring/index.js';
import type { StackOutputs, DemoUserOutput } from './outputs.js';
import type { StackLog } from './services/log.js';
import { writePrivateFile } from './services/files.js';
import { loopbackFetch } from '../lib/node/loopback-fetch.js';

export const DEMO_USERS: readonly DemoUserOutput[] = [
  { email: 'demo@sivera.example', password: 'SiveraDemo1', name: 'Demo Owner', role: 'OWNER' },
  { email: 'teammate@sivera.example', password: 'SiveraDemo2', name: 'Demo Teammate', role: 'ADMIN' },
];
export const DEMO_TEAM_NAME = 'Sivera Demo Team';

/** Header with which the seeding's own sign-ins pass the hold on the demo users' sign-ins (see stack.ts). */
export const DEMO_SEED_HEADER = 'x-sivera-demo-seed';

interface DemoState {
  /** The pool the users were made in: another pool (a deleted cognito/ folder) means seeding again. */
  userPoolId?: string;
  /** The KMS key the accounts' credentials were sealed with: another key (a deleted kms/) means connecting them again. */
  kmsKeyArn?: string;
  users?: Record<string, string>; // email → sub
  team?: string;
  teammateJoined?: boolean;
  names?: boolean;
  configs?: Partial<Record<Platform, string>>;
  accounts?: Partial<Record<Platform, string>>;
  synced?: Partial<Record<Platform, string>>;
}

export interface DemoAccount {
  platform: Platform;
  accountId: string;
  name: string;
  currency: string;
  timeZone: string;
  credentials: Record<string, string>;
}

interface Tokens {
  sub: string;
  accessToken: string;
  idToken: string;
}

async function cognitoClient(endpoint: string, region: string, seedToken?: string) {
  const { CognitoIdentityProviderClient } = await sdk();
  const c = new CognitoIdentityProviderClient({ endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  if (seedToken) {
    c.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers[DEMO_SEED_HEADER] = seedToken;
        return next(args);
      },
      { step: 'build', name: 'siveraDemoSeed' },
    );
  }
  return c;
}

function subOf(idToken: string): string {
  return (JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub: string }).sub;
}

export async function signInDemoUser(cognito: { endpoint: string; userPoolClientId: string }, region: string, user: DemoUserOutput, seedToken?: string): Promise<Tokens> {
  const { InitiateAuthCommand } = await sdk();
  const c = await cognitoClient(cognito.endpoint, region, seedToken);
  try {
    const r = await c.send(
      new InitiateAuthCommand({ ClientId: cognito.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: user.email, PASSWORD: user.password } }),
    );
    const a = r.AuthenticationResult;
    if (!a?.AccessToken || !a.IdToken) throw new Error(`sign-in of ${user.email} returned no tokens`);
    return { sub: subOf(a.IdToken), accessToken: a.AccessToken, idToken: a.IdToken };
  } finally {
    c.destroy();
  }
}

async function ensureUser(o: StackOutputs, user: DemoUserOutput, seedToken?: string): Promise<Tokens> {
  const { SignUpCommand, ConfirmSignUpCommand, UsernameExistsException } = await sdk();
  const c = await cognitoClient(o.cognito.endpoint, o.region, seedToken);
  try {
    await c.send(
      new SignUpCommand({
        ClientId: o.cognito.userPoolClientId,
        Username: user.email,
        Password: user.password,
        UserAttributes: [
          { Name: 'email', Value: user.email },
          { Name: 'name', Value: user.name },
        ],
      }),
    );
    await c.send(new ConfirmSignUpCommand({ ClientId: o.cognito.userPoolClientId, Username: user.email, ConfirmationCode: o.cognito.confirmationCode }));
  } catch (e) {
    if (!(e instanceof UsernameExistsException)) throw e;
  } finally {
    c.destroy();
  }
  return signInDemoUser(o.cognito, o.region, user, seedToken);
}

class NotImplemented extends Error {}

function implemented(typeName: string, fieldName: string): boolean {
  return wiring.resolvers.some((r) => r.typeName === typeName && r.fieldName === fieldName);
}

class Aborted extends Error {
  override name = 'AbortError';
}

/** The stack is stopping: no further demo step is started (the next start carries on from the data). */
let abortSignal: AbortSignal | undefined;
function checkAborted(): void {
  if (abortSignal?.aborted) throw new Aborted('demo seeding stopped: the stack is stopping');
}

/** A GraphQL request's whole answer (data and errors), for the checks that read what exists. */
async function gqlRaw<T>(o: StackOutputs, token: string, query: string, variables?: Record<string, unknown>): Promise<{ data?: T | null; errors?: { message: string; errorType?: string }[] }> {
  checkAborted();
  const res = await loopbackFetch(o.graphql!.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: T | null; errors?: { message: string; errorType?: string }[] };
}

/** USER_PASSWORD_AUTH without the SDK (the cheap check of a restart); undefined when the user does not exist. */
async function trySignIn(o: StackOutputs, user: DemoUserOutput, seedToken?: string): Promise<Tokens | undefined> {
  checkAborted();
  const res = await loopbackFetch(o.cognito.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      ...(seedToken ? { [DEMO_SEED_HEADER]: seedToken } : {}),
    },
    body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: o.cognito.userPoolClientId, AuthParameters: { USERNAME: user.email, PASSWORD: user.password } }),
  });
  const body = (await res.json()) as { __type?: string; message?: string; AuthenticationResult?: { AccessToken?: string; IdToken?: string } };
  const a = body.AuthenticationResult;
  if (res.ok && a?.AccessToken && a.IdToken) return { sub: subOf(a.IdToken), accessToken: a.AccessToken, idToken: a.IdToken };
  if (/UserNotFound|NotAuthorized/.test(body.__type ?? '')) return undefined; // not there (or another password: signed up again below fails loudly)
  throw new Error(`sign-in check of ${user.email} failed: ${body.__type ?? res.status}: ${body.message ?? ''}`);
}

const PLATFORM_ALIASES: Record<Platform, string> = { GOOGLE_ADS: 'g', META: 'm', NAVER: 'n', KAKAO: 'k' };

/**
 * The demo data as it is (not as the record says): the users in the pool, their profiles, the demo
 * team and the teammate in it, the owner's current configs and connected accounts.
 */
async function observe(
  o: StackOutputs,
  seedToken: string | undefined,
  record: DemoState,
): Promise<{ state: DemoState; profiles: Record<string, boolean>; tokens: (Tokens | undefined)[] }> {
  const state: DemoState = { userPoolId: o.cognito.userPoolId, kmsKeyArn: o.kms.keyArn, users: {}, configs: {}, accounts: {}, synced: {} };
  const profiles: Record<string, boolean> = {};
  // One after the other: cognito-local rewrites its pool file on every sign-in (refresh tokens) without
  // serialising the writes, and two at once can leave the tail of the longer one behind (a corrupt pool).
  const owner = await trySignIn(o, DEMO_USERS[0]!, seedToken);
  const mate = await trySignIn(o, DEMO_USERS[1]!, seedToken);
  const signedIn = [owner, mate];
  const names: (string | null | undefined)[] = [];
  await Promise.all(
    DEMO_USERS.map(async (u, i) => {
      const t = signedIn[i];
      if (!t) return;
      state.users![u.email] = t.sub;
      const r = await gqlRaw<{ me: { name: string | null } }>(o, t.accessToken, '{ me { name } }');
      profiles[u.email] = !!r.data?.me;
      names[i] = r.data?.me?.name;
    }),
  );
  state.names = DEMO_USERS.every((u, i) => names[i] === u.name);
  if (owner && profiles[DEMO_USERS[0]!.email]) {
    const configs = PLATFORMS.map((p) => `${PLATFORM_ALIASES[p]}: platformConfigs(platform: ${p}) { currentConfigId }`).join(' ');
    const r = await gqlRaw<Record<string, unknown>>(
      o,
      owner.accessToken,
      `{ myTeams { teamId teamName ownerId members { userId } } platformAccounts { platform accountId lastSyncAt } ${configs} }`,
    );
    const d = r.data ?? {};
    const team = (d.myTeams as { teamId: string; teamName: string; ownerId: string; members: { userId: string }[] }[] | undefined)?.find(
      (t) => t.teamName === DEMO_TEAM_NAME && t.ownerId === owner.sub,
    );
    if (team) state.team = team.teamId;
    state.teammateJoined = !!team && !!mate && team.members.some((m) => m.userId === mate.sub);
    const keyKept = record.kmsKeyArn === undefined || record.kmsKeyArn === o.kms.keyArn;
    for (const p of PLATFORMS) {
      const current = (d[PLATFORM_ALIASES[p]] as { currentConfigId?: string | null } | null | undefined)?.currentConfigId;
      if (current) state.configs![p] = current;
      const account = (d.platformAccounts as { platform: string; accountId: string; lastSyncAt: string | null }[] | undefined)?.find((a) => a.platform === p);
      // Credentials sealed with a key that no longer exists cannot be used: the account is connected again.
      if (account && keyKept) {
        state.accounts![p] = account.accountId;
        if (account.lastSyncAt || record.synced?.[p]) state.synced![p] = record.synced?.[p] ?? account.lastSyncAt!;
      }
    }
  }
  return { state, profiles, tokens: signedIn };
}

async function gql<T>(o: StackOutputs, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  checkAborted();
  if (!o.graphql) throw new NotImplemented('the GraphQL endpoint is not running');
  const field = /\{\s*(\w+)/.exec(query.slice(query.indexOf('{')))?.[1] ?? '?';
  const type = /^\s*mutation/.test(query) ? 'Mutation' : 'Query';
  if (!implemented(type, field)) throw new NotImplemented(`${type}.${field} is not implemented yet`);
  const body = await gqlRaw<T>(o, token, query, variables);
  if (body.errors?.length) {
    const e = body.errors[0]!;
    throw new Error(`${type}.${field}: ${e.errorType ?? 'error'}: ${e.message}`);
  }
  return body.data as T;
}

/** Everything seeded and nothing to retry (same pool, every platform connected and synced). */
function complete(state: DemoState, o: StackOutputs, platforms: readonly string[]): boolean {
  return (
    state.userPoolId === o.cognito.userPoolId &&
    state.kmsKeyArn === o.kms.keyArn &&
    Object.keys(state.users ?? {}).length === DEMO_USERS.length &&
    !!state.names &&
    !!state.team &&
    !!state.teammateJoined &&
    PLATFORMS.every((p) => !!state.configs?.[p]) &&
    platforms.every((p) => !!state.accounts?.[p as Platform] && !!state.synced?.[p as Platform])
  );
}

export async function seedDemoData(args: {
  outputs: StackOutputs;
  stateDir: string;
  log: StackLog;
  /** The fake platforms' demo accounts (absent when the fakes are not running). */
  fakes?: Record<string, DemoAccount | { platform: string; accountId: string; name: string; currency: string; timeZone: string; credentials: Record<string, string> }>;
  /** Sent with the seeding's own sign-ins (DEMO_SEED_HEADER), which the hold on demo sign-ins lets through. */
  seedToken?: string;
  /** Holds the demo users' sign-ins until `until` settles (called when something has to be made). */
  hold?: (until: Promise<void>) => void;
  /** Makes a user's missing profile row as Cognito's PostConfirmation trigger does (the user is already confirmed). */
  repairProfile?: (user: { sub: string; email: string; name: string }) => Promise<void>;
  /** Aborted when the stack stops: no further step starts. */
  signal?: AbortSignal;
  /**
   * A seeded install's check of its data waits this long first (a fresh or unfinished seeding never
   * waits). The check signs both demo users in, and cognito-local answers one request at a time and
   * rewrites its pool file on each sign-in: run at once, it held the developer's first sign-in after the
   * ready line ~0.2 s (first sign-in and `{ __typename }`: 0.2-0.26 s, against 0.04-0.11 s after a 2 s wait).
   */
  checkDelayMs?: number;
}): Promise<void> {
  const { outputs: o, log } = args;
  const file = join(args.stateDir, 'demo-state.json');
  let state: DemoState = {};
  if (existsSync(file)) {
    try {
      state = JSON.parse(readFileSync(file, 'utf8')) as DemoState;
    } catch {
      log.write('demo', `${file} is unreadable; demo steps will be re-checked`);
    }
  }
  abortSignal = args.signal;
  const accounts = Object.values(args.fakes ?? {}) as DemoAccount[];
  const platforms = accounts.map((a) => a.platform);
  const summary = () =>
    log.write('demo', `demo data: ${JSON.stringify({ team: !!state.team, teammate: !!state.teammateJoined, configs: Object.keys(state.configs ?? {}), accounts: Object.keys(state.accounts ?? {}), syncs: Object.keys(state.synced ?? {}) })}`);
  let release: (() => void) | undefined;
  const hold = () => {
    if (!release && args.hold) args.hold(new Promise<void>((r) => (release = r)));
  };
  // A fresh or unfinished seeding holds the demo sign-ins from the start; a restart of a seeded install
  // only checks the data (holding nobody) and holds them only when something has to be made again.
  const recorded = complete(state, o, platforms);
  if (!recorded) hold();
  else if (args.checkDelayMs) await delay(args.checkDelayMs, undefined, { signal: args.signal }).catch(() => undefined);
  try {
    await seed();
  } finally {
    release?.();
  }

  async function seed(): Promise<void> {
    const seen = await observe(o, args.seedToken, state);
    const profilesThere = DEMO_USERS.every((u) => seen.profiles[u.email]);
    const save = () => writePrivateFile(file, `${JSON.stringify(state, null, 2)}\n`);
    if (profilesThere && complete(seen.state, o, platforms)) {
      if (!recorded) {
        state = { ...seen.state, synced: { ...seen.state.synced } };
        save();
      }
      summary();
      return;
    }
    if (recorded) log.write('demo', `the demo data does not match ${file} (parts of ${args.stateDir} were deleted?): seeding the missing parts again`);
    hold();
    state = seen.state;
    // A failed part does not stop the others; it is retried at the next start, and the seeding reports
    // it (npm start must not say "Demo data ready." over an API that could not make them).
    const failed: string[] = [];
    const step = async (what: string, fn: () => Promise<void>) => {
      try {
        await fn();
        save();
      } catch (e) {
        if (e instanceof Aborted) throw e;
        if (e instanceof NotImplemented) log.write('demo', `skipped ${what}: ${e.message} (will retry on next start)`);
        else {
          failed.push(what);
          log.write('demo', `could not seed ${what}: ${(e as Error).message}`);
        }
      }
    };

    const user = async (i: number) => {
      const u = DEMO_USERS[i]!;
      const existing = seen.tokens[i];
      if (!existing) return ensureUser(o, u, args.seedToken); // sign-up: its PostConfirmation makes the profile
      if (!seen.profiles[u.email]) {
        checkAborted();
        await args.repairProfile?.({ sub: existing.sub, email: u.email, name: u.name });
        log.write('demo', `made the missing profile of ${u.email} again (PostConfirmation)`);
      }
      return existing;
    };
    // Sequential, as the sign-in check above (cognito-local's unserialised pool-file writes).
    const owner = await user(0);
    const mate = await user(1);
    if (!owner || !mate) throw new Error('demo users missing');
    state.users = { [DEMO_USERS[0]!.email]: owner.sub, [DEMO_USERS[1]!.email]: mate.sub };
    save();

    // Independent chains run side by side: names then the team (createTeam copies the caller's name), and one chain per platform.
    const names = async () => {
      if (state.names) return;
      await step('user names', async () => {
        await Promise.all(
          (
            [
              [owner, DEMO_USERS[0]!],
              [mate, DEMO_USERS[1]!],
            ] as const
          ).map(([who, u]) => gql(o, who.accessToken, 'mutation($input: UpdateMeInput!) { updateMe(input: $input) { userId } }', { input: { name: u.name } })),
        );
        state.names = true;
      });
    };

    const team = async () => {
      if (!state.team) {
        await step('team', async () => {
          const r = await gql<{ createTeam: { teamId: string } }>(o, owner.accessToken, 'mutation($n: String!) { createTeam(teamName: $n) { teamId } }', { n: DEMO_TEAM_NAME });
          state.team = r.createTeam.teamId;
        });
      }
      if (state.team && !state.teammateJoined) {
        await step('teammate invitation', async () => {
          await gql(o, owner.accessToken, 'mutation($t: ID!, $e: AWSEmail!, $r: TeamRole!) { inviteMember(teamId: $t, email: $e, role: $r) { teamId } }', {
            t: state.team,
            e: DEMO_USERS[1]!.email,
            r: 'ADMIN',
          }).catch((e: Error) => {
            if (!/Conflict/.test(e.message)) throw e; // already invited on an earlier, interrupted start
          });
          await gql(o, mate.accessToken, 'mutation($t: ID!) { acceptInvitation(teamId: $t) { teamId } }', { t: state.team });
          state.teammateJoined = true;
        });
      }
    };

    const platform = async (platform: Platform) => {
      const account = accounts.find((a) => a.platform === platform);
      if (!state.configs![platform]) {
        await step(`${platform} config`, async () => {
          const settings = {
            timeZone: account?.timeZone ?? 'Asia/Seoul',
            currency: account?.currency ?? 'KRW',
            defaultDateRangeDays: 30,
            accountIds: account ? [account.accountId] : [],
          };
          const r = await gql<{ createPlatformConfig: { configId: string } }>(
            o,
            owner.accessToken,
            'mutation($input: CreatePlatformConfigInput!) { createPlatformConfig(input: $input) { configId } }',
            { input: { platform, name: 'Demo', settings: JSON.stringify(settings), makeCurrent: true } },
          );
          state.configs![platform] = r.createPlatformConfig.configId;
        });
      }
      if (!account) {
        log.write('demo', `skipped ${platform} account: the fake platform servers are not running`);
        return;
      }
      if (!state.accounts![platform]) {
        await step(`${platform} account`, async () => {
          const r = await gql<{ connectPlatformAccount: { accountId: string } }>(
            o,
            owner.accessToken,
            'mutation($input: ConnectPlatformAccountInput!) { connectPlatformAccount(input: $input) { accountId } }',
            { input: { platform, accountId: account.accountId, displayName: account.name, credentials: JSON.stringify(account.credentials) } },
          );
          // The API may store the id normalized (e.g. without Meta's "act_" prefix): use its spelling from now on.
          state.accounts![platform] = r.connectPlatformAccount.accountId;
        });
      }
      if (state.accounts![platform] && !state.synced![platform]) {
        await step(`${platform} campaign sync`, async () => {
          const r = await gql<{ syncCampaigns: { syncId: string } }>(
            o,
            owner.accessToken,
            'mutation($p: Platform!, $a: ID!) { syncCampaigns(platform: $p, accountId: $a) { syncId } }',
            { p: platform, a: state.accounts![platform] },
          );
          state.synced![platform] = r.syncCampaigns.syncId;
        });
      }
    };

    await Promise.all([names().then(team), ...PLATFORMS.map(platform)]);
    summary();
    if (failed.length) throw new Error(`${failed.length} part(s) not made (${failed.join(', ')}); they are tried again at the next start`);
  }
}
