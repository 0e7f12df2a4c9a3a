/**
 * explorer
 *
 * GraphiQL, loaded from a CDN so that none of it is in the zip. The page asks the path it was served
 * from (`location.pathname`, which keeps the REST API stage prefix that the runtime strips).
 */

const CDN = 'https://unpkg.com';

export const EXPLORER_HTML = `<!doctype html><html lang=en><head><meta charset=utf-8><title>GraphiQL · gqlambda</title>
<meta name=viewport content="width=device-width,initial-scale=1">
<link rel=stylesheet href=${CDN}/graphiql@3/graphiql.min.css>
<style>body{margin:0;height:100vh}#graphiql{height:100vh}</style></head>
<body><div id=graphiql>Loading GraphiQL…</div>
<script crossorigin src=${CDN}/react@18/umd/react.production.min.js></script>
<script crossorigin src=${CDN}/react-dom@18/umd/react-dom.production.min.js></script>
<script crossorigin src=${CDN}/graphiql@3/graphiql.min.js></script>
<script>ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL,{fetcher:GraphiQL.createFetcher({url:location.pathname})}))</script>
</body></html>`;

/** A browser navigating to the endpoint: GET that prefers HTML. */
export function wantsExplorer(method: string, accept: string | undefined): boolean {
  return method === 'GET' && accept !== undefined && accept.includes('text/html');
}
