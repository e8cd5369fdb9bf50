// GraphiQL at the endpoint's root, signed in as the demo user. Its assets are served from the
// locally installed npm packages (graphiql's UMD build with React 18), never from a CDN, so the
// stack works offline. Without those packages a small self-contained query console is served.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isLoopbackHost } from '../services/origin-guard.js';

const require = createRequire(import.meta.url);

const JS = 'text/javascript; charset=utf-8';
const ASSETS: Record<string, { pkg: string; file: string; contentType: string }> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', contentType: JS },
  'react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', contentType: JS },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', contentType: JS },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', contentType: 'text/css; charset=utf-8' },
};

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

const DEFAULT_QUERY = `# Signed in as the demo user: the Authorization header below carries their token.
query Me {
  me { userId email name }
  myTeams { teamId teamName myRole }
}
`;

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
export function graphiqlPage({ token: given, introspection, host }: { token: string | null; introspection: unknown; host: string | undefined }): string {
  const token = given && loopbackHostHeader(host) ? given : null;
  const headers = token ? JSON.stringify({ Authorization: token }, null, 2) : '{\n  "Authorization": "<Cognito id or access token>"\n}';
  if (!graphiqlAvailable()) return consolePage(headers);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sivera GraphQL (local)</title>
<link rel="stylesheet" href="/graphiql/graphiql.css">
<style>html,body,#graphiql{height:100%;margin:0}</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="/graphiql/react.js"></script>
<script src="/graphiql/react-dom.js"></script>
<script src="/graphiql/graphiql.js"></script>
<script>
const fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', location.href).href });
const root = ReactDOM.createRoot(document.getElementById('graphiql'));
root.render(React.createElement(GraphiQL, {
  fetcher,
  defaultQuery: ${scriptJson(DEFAULT_QUERY)},
  defaultHeaders: ${scriptJson(headers)},
  schema: ${scriptJson(introspection)},
  headerEditorEnabled: true,
  shouldPersistHeaders: false,
}));
</script>
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
