/**
 * GraphiQL for `gqlambda dev`, served from the CLI's own `graphiql`, `react` and `react-dom` packages
 * (their UMD builds), so it works with no network at all. The deployed runtime's explorer is a
 * different page (src/runtime/explorer.ts) that loads from a CDN to keep the zip small.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

/** Where the assets are served; a path no GraphQL endpoint is likely to use. */
export const ASSET_PREFIX = '/__gqlambda/graphiql/';

const require = createRequire(import.meta.url);
const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));

const ASSETS: Record<string, { file: () => string; type: string }> = {
  'react.js': { file: () => join(packageDir('react'), 'umd', 'react.production.min.js'), type: 'text/javascript; charset=utf-8' },
  'react-dom.js': { file: () => join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'), type: 'text/javascript; charset=utf-8' },
  'graphiql.js': { file: () => join(packageDir('graphiql'), 'graphiql.min.js'), type: 'text/javascript; charset=utf-8' },
  'graphiql.css': { file: () => join(packageDir('graphiql'), 'graphiql.min.css'), type: 'text/css; charset=utf-8' },
};

const loaded = new Map<string, Promise<Buffer>>();

/** The asset at this URL path, read once per session; undefined for any other path. */
export async function graphiqlAsset(pathname: string): Promise<{ type: string; body: Buffer } | undefined> {
  if (!pathname.startsWith(ASSET_PREFIX)) return undefined;
  const name = pathname.slice(ASSET_PREFIX.length);
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!asset) return undefined;
  let body = loaded.get(name);
  if (!body) loaded.set(name, (body = readFile(asset.file())));
  return { type: asset.type, body: await body };
}

/** The page, titled with the project's package name (else its folder's name). */
export async function graphiqlPage(projectRoot: string): Promise<string> {
  const title = `${escapeHtml(await projectName(projectRoot))} · GraphiQL`;
  return `<!doctype html><html lang=en><head><meta charset=utf-8><title>${title}</title>
<meta name=viewport content="width=device-width,initial-scale=1">
<link rel=stylesheet href=${ASSET_PREFIX}graphiql.css>
<style>body{margin:0;height:100vh}#graphiql{height:100vh}</style></head>
<body><div id=graphiql>Loading GraphiQL…</div>
<script src=${ASSET_PREFIX}react.js></script>
<script src=${ASSET_PREFIX}react-dom.js></script>
<script src=${ASSET_PREFIX}graphiql.js></script>
<script>ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL,{fetcher:GraphiQL.createFetcher({url:location.pathname})}))</script>
</body></html>`;
}

async function projectName(root: string): Promise<string> {
  try {
    const { name } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { name?: unknown };
    if (typeof name === 'string' && name.length > 0) return name;
  } catch {
    // No package.json, or not JSON: the folder's name will do.
  }
  return basename(root);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
