/**
 * explorer
 *
 * GraphiQL, loaded from a CDN so that none of it is in the zip. The page asks the path it was served
 * from (`location.pathname`, which keeps the REST API stage prefix that the runtime strips).
 */

// A plain literal (no `${}`), so that bundlers can drop it when unused.
export const EXPLORER_HTML = `<!doctype html><html lang=en><head><meta charset=utf-8><title>GraphiQL · gqlambda</title>
<meta name=viewport content="width=device-width,initial-scale=1">
<link rel=stylesheet href=https://unpkg.com/graphiql@3/graphiql.min.css>
<style>body{margin:0;height:100vh}#graphiql{height:100vh}</style></head>
<body><div id=graphiql>Loading GraphiQL…</div>
<script crossorigin src=https://unpkg.com/react@18/umd/react.production.min.js></script>
<script crossorigin src=https://unpkg.com/react-dom@18/umd/react-dom.production.min.js></script>
<script crossorigin src=https://unpkg.com/graphiql@3/graphiql.min.js></script>
<script>ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL,{fetcher:GraphiQL.createFetcher({url:location.pathname})}))</script>
</body></html>`;

/** A browser navigating to the endpoint: GET that prefers HTML. */
export function wantsExplorer(method: string, accept: string | undefined): boolean {
  return method === 'GET' && accept !== undefined && accept.includes('text/html');
}
