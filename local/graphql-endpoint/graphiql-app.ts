// The browser side of GraphiQL at the local endpoint's root (bundled by graphiql.ts, served as
// /graphiql/app.js next to graphiql's own UMD build): a fetcher that runs queries and mutations over
// HTTP and subscriptions over AppSync's real-time protocol, and a bar to act as any user (the demo
// users, any email/password, a sign-up with its confirmation code, sign-out) so authorization can be
// watched at work. Cognito is reached with the AWS SDK's own client, at the stack's local endpoint.
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  SignUpCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';

/** What graphiql.ts embeds in the page (see GraphiqlPageConfig there). */
interface PageConfig {
  defaultQuery: string;
  introspection: unknown;
  /** The demo owner's token, when the stack signs GraphiQL in (loopback Host only). */
  token: string | null;
  tokenEmail: string | null;
  auth: { region: string; cognitoEndpoint: string; userPoolClientId: string; demoUsers: { email: string; password: string; role?: string }[] } | null;
}

// graphiql's fetcher contract (@graphiql/toolkit's Fetcher, written out: the toolkit is not a direct dependency).
interface ExecutionResult {
  data?: unknown;
  errors?: unknown[];
}
interface Observer {
  next(value: ExecutionResult): void;
  error(error: unknown): void;
  complete(): void;
}
interface Observable {
  subscribe(observer: Observer): { unsubscribe(): void };
}
type Fetcher = (params: { query: string; operationName?: string | null; variables?: unknown }, opts?: { headers?: Record<string, unknown> }) => Promise<ExecutionResult | Observable>;

declare const React: { createElement(type: unknown, props: Record<string, unknown>): unknown };
declare const ReactDOM: { createRoot(el: Element): { render(node: unknown): void } };
declare const GraphiQL: unknown;

const config = JSON.parse(document.getElementById('sivera-graphiql-config')!.textContent ?? '{}') as PageConfig;
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

// ---- Who GraphiQL acts as ----

interface Session {
  email: string;
  accessToken: string;
  refreshToken: string | null;
  /** Epoch ms; 0 when unknown (the token the page came with). */
  expiresAt: number;
}
let session: Session | null = config.token ? { email: config.tokenEmail ?? 'the demo user', accessToken: config.token, refreshToken: null, expiresAt: 0 } : null;

const cognito = config.auth
  ? new CognitoIdentityProviderClient({
      region: config.auth.region,
      endpoint: config.auth.cognitoEndpoint,
      // Sign-in, sign-up and confirmation are unsigned Cognito calls; the SDK still wants credentials to exist.
      credentials: { accessKeyId: 'unsigned', secretAccessKey: 'unsigned' },
    })
  : null;

function toSession(email: string, r: AuthenticationResultType | undefined, refreshToken: string | null): Session {
  if (!r?.AccessToken) throw new Error('Cognito returned no tokens');
  return { email, accessToken: r.AccessToken, refreshToken: r.RefreshToken ?? refreshToken, expiresAt: Date.now() + (r.ExpiresIn ?? 3600) * 1000 };
}

/** The signed-in user's access token, refreshed a minute before it expires. */
async function accessToken(): Promise<string | null> {
  const s = session;
  if (!s) return null;
  if (s.refreshToken && s.expiresAt && s.expiresAt - 60_000 < Date.now() && cognito && config.auth) {
    const out = await cognito.send(
      new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: config.auth.userPoolClientId, AuthParameters: { REFRESH_TOKEN: s.refreshToken } }),
    );
    session = toSession(s.email, out.AuthenticationResult, s.refreshToken);
  }
  return session?.accessToken ?? null;
}

function message(text: string, isError = false): void {
  const m = $('auth-message');
  m.textContent = text;
  m.className = isError ? 'error' : 'muted';
}

function showUser(): void {
  $('auth-user').textContent = session ? `Signed in as ${session.email}` : 'Not signed in';
  $('auth-user').dataset.email = session?.email ?? '';
  $<HTMLButtonElement>('auth-signout').disabled = !session;
}

async function signIn(email: string, password: string): Promise<void> {
  if (!cognito || !config.auth) throw new Error('Sign-in is not available on this endpoint.');
  const out = await cognito.send(
    new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: config.auth.userPoolClientId, AuthParameters: { USERNAME: email, PASSWORD: password } }),
  );
  session = toSession(email, out.AuthenticationResult, null);
  showUser();
  message('');
}

async function signOut(): Promise<void> {
  const s = session;
  session = null;
  showUser();
  // Revokes the refresh token too (the page's own embedded token has none: it just stops being sent).
  if (s?.refreshToken && cognito) await cognito.send(new GlobalSignOutCommand({ AccessToken: s.accessToken })).catch(() => undefined);
  message('Signed out: requests now go without an Authorization header (add one in Headers to use your own).');
}

/** Runs a form action with its buttons disabled and its failure shown. */
function action(fn: () => Promise<void>): void {
  const buttons = Array.from(document.querySelectorAll<HTMLButtonElement>('#sivera-auth button'));
  const was = buttons.map((b) => b.disabled);
  buttons.forEach((b) => (b.disabled = true));
  fn()
    .catch((e: unknown) => message(`${(e as Error).name && (e as Error).name !== 'Error' ? `${(e as Error).name}: ` : ''}${(e as Error).message ?? String(e)}`, true))
    .finally(() => {
      buttons.forEach((b, i) => (b.disabled = was[i]!));
      showUser();
    });
}

function wireAuthBar(): void {
  showUser();
  const form = $<HTMLFormElement>('auth-form');
  const email = () => $<HTMLInputElement>('auth-email').value.trim();
  const password = () => $<HTMLInputElement>('auth-password').value;
  if (!config.auth) {
    form.hidden = true;
    message('Sign-in needs the local stack (npm start): put a token in the Authorization header instead.');
  }
  for (const u of config.auth?.demoUsers ?? []) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'demo-user';
    b.dataset.email = u.email;
    b.textContent = `${u.email}${u.role ? ` (${u.role.toLowerCase()})` : ''}`;
    b.addEventListener('click', () => action(() => signIn(u.email, u.password)));
    $('auth-demo').append(b);
  }
  $('auth-demo').hidden = !config.auth?.demoUsers.length;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    action(() => signIn(email(), password()));
  });
  $('auth-signup').addEventListener('click', () => {
    if (!form.reportValidity()) return;
    action(async () => {
      if (!cognito || !config.auth) return;
      const out = await cognito.send(
        new SignUpCommand({ ClientId: config.auth.userPoolClientId, Username: email(), Password: password(), UserAttributes: [{ Name: 'email', Value: email() }] }),
      );
      if (out.UserConfirmed) return signIn(email(), password());
      $('auth-confirm-form').hidden = false;
      $('auth-code').focus();
      message(`Signed up ${email()}: enter the confirmation code (the local stack's is 123456).`);
    });
  });
  $('auth-confirm-form').addEventListener('submit', (e) => {
    e.preventDefault();
    action(async () => {
      if (!cognito || !config.auth) return;
      await cognito.send(new ConfirmSignUpCommand({ ClientId: config.auth.userPoolClientId, Username: email(), ConfirmationCode: $<HTMLInputElement>('auth-code').value.trim() }));
      $('auth-confirm-form').hidden = true;
      await signIn(email(), password());
    });
  });
  $('auth-signout').addEventListener('click', () => action(signOut));
}

// ---- The fetcher ----

/** The header editor's headers, with the signed-in user's token unless the editor sets Authorization itself. */
async function requestHeaders(editor: Record<string, unknown> | undefined): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(editor ?? {})) if (v !== undefined && v !== null) headers[k] = String(v);
  if (!Object.keys(headers).some((k) => k.toLowerCase() === 'authorization')) {
    const token = await accessToken();
    if (token) headers.Authorization = token;
  }
  return headers;
}

/**
 * The operation that will run: the named one, or the only one. GraphiQL updates its operation name a
 * moment after an edit, so a name the document no longer has, with one operation left, means that one
 * (sent under its own name: the server refuses an operation name the document lacks).
 */
function pickOperation(query: string, operationName: string | null | undefined): { type: string; operationName: string | null | undefined } {
  const ops = [...query.replace(/#[^\n]*/g, '').matchAll(/(?:^|[\s}])(query|mutation|subscription)\b\s*([_A-Za-z][_0-9A-Za-z]*)?/g)];
  const named = operationName ? ops.find((m) => m[2] === operationName) : undefined;
  if (operationName && !named && ops.length === 1) return { type: ops[0]![1]!, operationName: ops[0]![2] ?? null };
  const op = operationName ? named : ops[0];
  return { type: op?.[1] ?? 'query', operationName };
}

const base64 = (s: string): string => btoa(String.fromCharCode(...new TextEncoder().encode(s)));

function setSubscriptionStatus(state: 'connecting' | 'active' | 'closed' | 'failed', detail = ''): void {
  const el = $('sub-status');
  el.dataset.state = state;
  el.textContent = state === 'closed' ? '' : `subscription ${state}${detail ? `: ${detail}` : ''}`;
}

/**
 * One GraphiQL subscription over AppSync's real-time protocol (real-time-websocket-client.html):
 * connect with the `header` and `payload` query parameters (base64 JSON), `connection_init`, wait for
 * `connection_ack`, `start` with the operation as a JSON string in `data` and the authorization in
 * `extensions`; `ka` keeps the link (silence longer than connectionTimeoutMs means it is dead), `data`
 * frames are results, `error` ends it, and unsubscribing sends `stop`.
 */
function appsyncSubscription(query: string, variables: unknown, headers: Record<string, string>): Observable {
  return {
    subscribe(observer) {
      const host = location.host;
      const authorization = { ...headers, host };
      const url = new URL('/graphql/realtime', location.href);
      url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
      url.searchParams.set('header', base64(JSON.stringify(authorization)));
      url.searchParams.set('payload', base64('{}'));
      const id = crypto.randomUUID();
      let done = false;
      let kaTimer: ReturnType<typeof setTimeout> | undefined;
      let timeoutMs = 300_000;
      setSubscriptionStatus('connecting');
      const ws = new WebSocket(url, ['graphql-ws']);
      const finish = (error?: unknown): void => {
        if (done) return;
        done = true;
        clearTimeout(kaTimer);
        if (ws.readyState === WebSocket.OPEN) ws.close(1000);
        if (error === undefined) {
          setSubscriptionStatus('closed');
          observer.complete();
        } else {
          setSubscriptionStatus('failed', error instanceof Error ? error.message : 'see the response');
          if (error instanceof Error) observer.error(error);
          else {
            observer.next(error as ExecutionResult);
            observer.complete();
          }
        }
      };
      const armKeepAlive = (): void => {
        clearTimeout(kaTimer);
        kaTimer = setTimeout(() => finish(new Error(`no keep-alive from the server for ${timeoutMs} ms`)), timeoutMs);
      };
      ws.addEventListener('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
      ws.addEventListener('error', () => finish(new Error(`real-time connection to ${url.origin} failed`)));
      ws.addEventListener('close', (e) => finish(e.code === 1000 ? undefined : new Error(`real-time connection closed (${e.code}${e.reason ? ` ${e.reason}` : ''})`)));
      ws.addEventListener('message', (event) => {
        const msg = JSON.parse(String(event.data)) as { type: string; id?: string; payload?: { data?: unknown; errors?: unknown[]; connectionTimeoutMs?: number } };
        armKeepAlive();
        switch (msg.type) {
          case 'connection_ack':
            timeoutMs = msg.payload?.connectionTimeoutMs ?? timeoutMs;
            ws.send(JSON.stringify({ id, type: 'start', payload: { data: JSON.stringify({ query, variables: variables ?? {} }), extensions: { authorization } } }));
            break;
          case 'connection_error':
            finish({ errors: msg.payload?.errors ?? [{ message: 'real-time connection refused' }] });
            break;
          case 'start_ack':
            if (msg.id === id) setSubscriptionStatus('active', 'waiting for events');
            break;
          case 'data':
            if (msg.id === id) observer.next(msg.payload as ExecutionResult);
            break;
          case 'error':
            finish({ errors: msg.payload?.errors ?? [{ message: 'subscription failed' }] });
            break;
          case 'complete':
            if (msg.id === id) finish();
            break;
          default: // ka
        }
      });
      return {
        unsubscribe() {
          if (!done && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ id, type: 'stop' }));
          finish();
        },
      };
    },
  };
}

const fetcher: Fetcher = (given, opts) => {
  const picked = pickOperation(given.query, given.operationName);
  const params = { ...given, operationName: picked.operationName };
  if (picked.type === 'subscription') {
    // The observable is built once the headers (and a refreshed token) are known.
    return requestHeaders(opts?.headers).then((h) => appsyncSubscription(params.query, params.variables, h));
  }
  return (async () => {
    const headers = await requestHeaders(opts?.headers);
    const r = await fetch(new URL('/graphql', location.href), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(params),
    });
    return (await r.json()) as ExecutionResult;
  })();
};

wireAuthBar();
ReactDOM.createRoot(document.getElementById('graphiql')!).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: config.defaultQuery,
    defaultHeaders: '{}',
    schema: config.introspection,
    headerEditorEnabled: true,
    shouldPersistHeaders: false,
  }),
);
