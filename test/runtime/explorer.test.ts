/**
 * The explorer: GraphiQL on GET with `Accept: text/html`, in the development profile. The CDN is out of
 * reach in CI, so a real browser checks what it can: the page loads, has its title, and asks the right URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { createLambdaHandler } from '../../src/runtime/index.js';
import type { ServerOptions } from '../../src/runtime/options.js';
import { launchChromium } from '../support/browser.js';
import { listen } from './loopback.js';
import { core, get } from './core-fixture.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('explorer', () => {
  it('serves GraphiQL as HTML in development', async () => {
    const { response } = await core({ profile: 'development' })(get({}, { accept: BROWSER_ACCEPT }));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toMatch(/^<!doctype html>/);
    expect(response.body).toMatch(/<title>GraphiQL · gqlambda<\/title>/);
    expect(response.body).toMatch(/createFetcher\(\{url:location\.pathname\}\)/);
  });

  it('is off in production: a browser gets JSON, and the page is not there to be found', async () => {
    const { response } = await core()(get({}, { accept: BROWSER_ACCEPT }));
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(response.body).errors[0].message).toMatch(/Missing query/);
  });

  it.each(['POST', 'PUT', 'DELETE', 'HEAD'])('answers only GET: a %s asking for HTML gets no page', async (method) => {
    const { response } = await core({ profile: 'development' })({ ...get({}, { accept: BROWSER_ACCEPT }), method });
    expect(response.headers['content-type']).not.toMatch(/text\/html/);
    expect(response.body).not.toMatch(/<!doctype html>/);
  });

  it('can be turned on or off explicitly whatever the profile', async () => {
    expect((await core({ explorer: true })(get({}, { accept: 'text/html' }))).response.headers['content-type']).toMatch(/text\/html/);
    expect((await core({ profile: 'development', explorer: false })(get({}, { accept: 'text/html' }))).response.status).toBe(406);
  });

  it('leaves API clients alone: JSON GETs and POSTs still get GraphQL', async () => {
    const handle = core({ profile: 'development' });
    const { response } = await handle(get({ query: '{ hello }' }, { accept: 'application/json' }));
    expect(JSON.parse(response.body)).toEqual({ data: { hello: 'Hello, world!' } });
  });
});

describe('explorer in bundles', () => {
  const bundle = async (profile: string) => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../../src/runtime/index.ts', import.meta.url))],
      bundle: true,
      minify: true,
      write: false,
      platform: 'node',
      format: 'esm',
      mainFields: ['module', 'main'],
      define: { __GQLAMBDA_PROFILE__: JSON.stringify(profile) },
      logLevel: 'silent',
    });
    return result.outputFiles[0]!.text;
  };

  it('is dropped from production bundles and kept in development ones', async () => {
    const [production, development] = await Promise.all([bundle('production'), bundle('development')]);
    expect(development).toContain('graphiql.min.js');
    expect(production).not.toContain('graphiql');
    expect(production).not.toContain('text/html');
  });
});

// Fails rather than skips without chromium (launchChromium names the fix): CI installs it.
describe('explorer in a browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    const options: ServerOptions = { profile: 'development', logger: { request() {}, error() {} } };
    const handler = createLambdaHandler({ ...options, typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'world' } } });
    server = await listen('rest-api', handler as never);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads the page with its title and placeholder', async () => {
    const page = await browser.newPage();
    // No network beyond the loopback server: the CDN scripts fail fast instead of timing out.
    await page.route(/^https:\/\//, (route) => route.abort());
    const response = await page.goto(server.url, { waitUntil: 'domcontentloaded' });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
    expect(await page.title()).toBe('GraphiQL · gqlambda');
    expect(await page.locator('#graphiql').textContent()).toMatch(/Loading GraphiQL/);
    expect(new URL(page.url()).pathname).toBe('/graphql');
    await page.close();
  });
});
