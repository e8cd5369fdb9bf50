// GraphiQL at the endpoint's root, signed in as the demo user. Its assets are served from the
// locally installed npm packages (graphiql's UMD build with React 18), never from a CDN, so the
// stack works offline. Without those packages a small self-contained query console is served.
// graphiql-app.ts (bundled here on first use) adds what GraphiQL's own fetcher cannot do against
// AppSync: subscriptions over AppSync's real-time protocol, and acting as any user (sign-in/up/out).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLoopbackHost } from '../services/origin-guard.js';

const require = createRequire(import.meta.url);

const JS = 'text/javascript; charset=utf-8';
const ASSETS: Record<string, { pkg: string; file: string; contentType: string }> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', contentType: JS },
  'react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', contentType: JS },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', contentType: JS },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', contentType: 'text/css; charset=utf-8' },
};

/** The page's own script: graphiql-app.ts with the Cognito SDK client, bundled once per process. */
let appBundle: Promise<Buffer> | undefined;
function bundleApp(): Promise<Buffer> {
  appBundle ??= (async () => {
    const { build } = await import('esbuild');
    const out = await build({
      entryPoints: [fileURLToPath(new URL('./graphiql-app.ts', import.meta.url))],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      logLevel: 'silent',
    });
    return Buffer.from(out.outputFiles[0]!.contents);
  })();
  appBundle.catch(() => (appBundle = undefined)); // a failed build is retried on the next request
  return appBundle;
}

function resolveAsset(name: string): string | null {
  const a = ASSETS[name];
  if (!a) return null;
  try {
    // The UMD files are not in the packages' export maps: locate them from package.json.
    const path = join(dirname(require.resolve(`${a.pkg}/package.json`)), a.file);
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const cache = new Map<string, Buffer>();
export async function graphiqlAsset(name: string): Promise<{ body: Buffer; contentType: string } | null> {
  if (name === 'app.js') return { body: await bundleApp(), contentType: JS };
  const path = resolveAsset(name);
  if (!path) return null;
  let body = cache.get(path);
  if (!body) cache.set(path, (body = await readFile(path)));
  return { body, contentType: ASSETS[name]!.contentType };
}

export function graphiqlAvailable(): boolean {
  return Object.keys(ASSETS).every((n) => resolveAsset(n) !== null);
}

// JSON inside <script>: "<" is escaped so no value can close the script element.
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c');
}

const DEFAULT_QUERY = `# Requests carry the token of the user named in the bar above (sign in as anyone there),
# unless the Headers tab sets an Authorization header of its own.
query Me {
  me { userId email name }
  myTeams { teamId teamName myRole }
}

# Subscriptions run over AppSync's real-time protocol: run this, then sync an account of the
# owner (a teammate receives the same events; anyone else is refused).
# subscription SyncStatus($ownerId: ID!) {
#   onSyncStatusChanged(ownerId: $ownerId) { syncId platform accountId state progress campaignsSynced message }
# }
`;

/** Where GraphiQL signs users in (the stack's Cognito-compatible endpoint), and the demo users it lists. */
export interface GraphiqlAuth {
  region: string;
  cognitoEndpoint: string;
  userPoolClientId: string;
  demoUsers: readonly { email: string; password: string; role?: string }[];
}

/** The Host names a page may be served under and still get the demo owner's token. */
function loopbackHostHeader(host: string | undefined): boolean {
  const port = /:(\d+)$/.exec(host ?? '')?.[1];
  return port !== undefined && isLoopbackHost(host, Number(port));
}

/**
 * `introspection`: the schema handed to GraphiQL up front (null when introspection is off), so the
 * page never sends an introspection query, which would exceed the API's query depth limit.
 * `host`: the request's Host header. A DNS-rebinding page (evil.example resolving to 127.0.0.1) could
 * read this page, so the token is embedded only under a loopback Host.
 */
export function graphiqlPage({
  token: given,
  introspection,
  host,
  auth,
}: {
  token: string | null;
  introspection: unknown;
  host: string | undefined;
  /** Sign-in for the page (none: the header editor's Authorization only). Demo passwords only under a loopback Host. */
  auth?: GraphiqlAuth | null;
}): string {
  const loopback = loopbackHostHeader(host);
  const token = given && loopback ? given : null;
  const headers = token ? JSON.stringify({ Authorization: token }, null, 2) : '{\n  "Authorization": "<Cognito id or access token>"\n}';
  if (!graphiqlAvailable()) return consolePage(headers);
  const config = {
    defaultQuery: DEFAULT_QUERY,
    introspection,
    token,
    tokenEmail: token ? (auth?.demoUsers[0]?.email ?? null) : null,
    auth: auth ? { region: auth.region, cognitoEndpoint: auth.cognitoEndpoint, userPoolClientId: auth.userPoolClientId, demoUsers: loopback ? auth.demoUsers : [] } : null,
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sivera GraphQL (local)</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/graphiql/graphiql.css">
<style>
html,body{height:100%;margin:0}body{display:flex;flex-direction:column}#graphiql{flex:1;min-height:0}
#sivera-auth{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;padding:.35rem .6rem;font:13px system-ui,sans-serif;border-bottom:1px solid #d0d7de}
#sivera-auth form{display:flex;gap:.3rem;align-items:center;margin:0}#sivera-auth input{font:inherit;padding:.15rem .35rem;width:13rem}
#sivera-auth button{font:inherit;padding:.15rem .5rem;cursor:pointer}#auth-code{width:6rem!important}#auth-user{font-weight:600}
#sivera-auth .error{color:#b3261e}#sivera-auth .muted{color:#57606a}[hidden]{display:none!important}
</style>
</head>
<body>
<div id="sivera-auth">
<span id="auth-user">Not signed in</span>
<span id="auth-demo" hidden>Act as:</span>
<form id="auth-form"><input id="auth-email" type="email" placeholder="email" autocomplete="username" required><input id="auth-password" type="password" placeholder="password" autocomplete="current-password" required><button id="auth-signin" type="submit">Sign in</button><button id="auth-signup" type="button">Sign up</button></form>
<form id="auth-confirm-form" hidden><input id="auth-code" placeholder="code" autocomplete="one-time-code" required><button id="auth-confirm" type="submit">Confirm</button></form>
<button id="auth-signout" type="button" disabled>Sign out</button>
<span id="sub-status" data-state="closed"></span>
<span id="auth-message" class="muted" role="status"></span>
</div>
<div id="graphiql">Loading GraphiQL…</div>
<script type="application/json" id="sivera-graphiql-config">${scriptJson(config)}</script>
<script src="/graphiql/react.js"></script>
<script src="/graphiql/react-dom.js"></script>
<script src="/graphiql/graphiql.js"></script>
<script src="/graphiql/app.js"></script>
</body>
</html>`;
}

/** Fallback when the GraphiQL packages are missing: a plain query console. */
function consolePage(headers: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sivera GraphQL (local)</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;display:grid;grid-template-columns:1fr 1fr;height:100vh}
textarea,pre{font-family:ui-monospace,monospace;font-size:13px;box-sizing:border-box;width:100%;margin:0;padding:8px;border:1px solid #ccc}
.left{display:flex;flex-direction:column;gap:4px;padding:8px}.right{padding:8px;overflow:auto}
#query{flex:3}#variables,#headers{flex:1}button{padding:6px 16px}
</style>
</head>
<body>
<div class="left">
<label for="query">Query</label><textarea id="query">${escapeHtml(DEFAULT_QUERY)}</textarea>
<label for="variables">Variables (JSON)</label><textarea id="variables">{}</textarea>
<label for="headers">Headers (JSON)</label><textarea id="headers">${escapeHtml(headers)}</textarea>
<button id="run">Run</button>
</div>
<div class="right"><pre id="out"></pre></div>
<script>
document.getElementById('run').onclick = async () => {
  const out = document.getElementById('out');
  try {
    const headers = JSON.parse(document.getElementById('headers').value || '{}');
    const variables = JSON.parse(document.getElementById('variables').value || '{}');
    const r = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: document.getElementById('query').value, variables }) });
    out.textContent = 'HTTP ' + r.status + '\\n' + JSON.stringify(await r.json(), null, 2);
  } catch (e) { out.textContent = String(e); }
};
</script>
</body>
</html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
