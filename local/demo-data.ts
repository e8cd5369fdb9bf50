// Demo data for `npm start`: two users (credentials in the README and .local/outputs.json), a team
// with both, a platform config and one connected demo ad account per platform (served by the fake
// platform servers), and campaigns through a sync. Everything goes through the real API: Cognito
// sign-up (so the PostConfirmation Lambda runs) and GraphQL mutations, so demo data is exactly what
// a user would create. Steps whose operation is not implemented yet are skipped with a log line and
// retried on the next start; finished steps are recorded in <state>/demo-state.json.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// The Cognito SDK is loaded only when a sign-up or sign-in is made (not at all on a seeded restart).
const sdk = () => import('@aws-sdk/client-cognito-identity-provider');
import { wiring } from '../api/wiring/index.js';
import type { StackOutputs, DemoUserOutput } from './outputs.js';
import type { StackLog } from './services/log.js';
import { writePrivateFile } from './services/files.js';

export const DEMO_USERS: readonly DemoUserOutput[] = [
  { email: 'demo@sivera.example', password: 'SiveraDemo1', name: 'Demo Owner', role: 'OWNER' },
  { email: 'teammate@sivera.example', password: 'SiveraDemo2', name: 'Demo Teammate', role: 'ADMIN' },
];
export const DEMO_TEAM_NAME = 'Sivera Demo Team';
const PLATFORMS = ['GOOGLE_ADS', 'META', 'NAVER', 'KAKAO'] as const;
type Platform = (typeof PLATFORMS)[number];

/** Header with which the seeding's own sign-ins pass the hold on the demo users' sign-ins (see stack.ts). */
export const DEMO_SEED_HEADER = 'x-sivera-demo-seed';

interface DemoState {
  /** The pool the users were made in: another pool (a deleted cognito/ folder) means seeding again. */
  userPoolId?: string;
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

async function gql<T>(o: StackOutputs, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  if (!o.graphql) throw new NotImplemented('the GraphQL endpoint is not running');
  const field = /\{\s*(\w+)/.exec(query.slice(query.indexOf('{')))?.[1] ?? '?';
  const type = /^\s*mutation/.test(query) ? 'Mutation' : 'Query';
  if (!implemented(type, field)) throw new NotImplemented(`${type}.${field} is not implemented yet`);
  const res = await fetch(o.graphql.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: token },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string; errorType?: string }[] };
  if (body.errors?.length) {
    const e = body.errors[0]!;
    throw new Error(`${type}.${field}: ${e.errorType ?? 'error'}: ${e.message}`);
  }
  return body.data as T;
}

/** Everything seeded and nothing to retry (same pool, every platform connected and synced). */
function complete(state: DemoState, userPoolId: string, platforms: readonly string[]): boolean {
  return (
    state.userPoolId === userPoolId &&
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
  const accounts = Object.values(args.fakes ?? {}) as DemoAccount[];
  const summary = () =>
    log.write('demo', `demo data: ${JSON.stringify({ team: !!state.team, teammate: !!state.teammateJoined, configs: Object.keys(state.configs ?? {}), accounts: Object.keys(state.accounts ?? {}), syncs: Object.keys(state.synced ?? {}) })}`);
  // A restart of a seeded install: nothing to do (no sign-up attempts, no sign-ins).
  if (complete(state, o.cognito.userPoolId, accounts.map((a) => a.platform))) {
    summary();
    return;
  }
  if (state.userPoolId !== undefined && state.userPoolId !== o.cognito.userPoolId) state = {}; // a new pool: the old ids mean nothing
  const save = () => writePrivateFile(file, `${JSON.stringify(state, null, 2)}\n`);
  const step = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
      save();
    } catch (e) {
      if (e instanceof NotImplemented) log.write('demo', `skipped ${what}: ${e.message} (will retry on next start)`);
      else log.write('demo', `could not seed ${what}: ${(e as Error).message}`);
    }
  };

  const [owner, mate] = await Promise.all(DEMO_USERS.map((u) => ensureUser(o, u, args.seedToken)));
  if (!owner || !mate) throw new Error('demo users missing');
  state.userPoolId = o.cognito.userPoolId;
  state.users = { [DEMO_USERS[0]!.email]: owner.sub, [DEMO_USERS[1]!.email]: mate.sub };
  state.configs ??= {};
  state.accounts ??= {};
  state.synced ??= {};
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
}
