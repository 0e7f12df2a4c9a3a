/** CORS preflight and headers, and Apollo-style CSRF prevention. */
import { describe, expect, it } from 'vitest';
import { core, get, json, post } from './core-fixture.js';

const preflight = (origin: string, headers: Record<string, string> = {}) => ({
  method: 'OPTIONS',
  headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type', ...headers },
  body: null,
});

describe('CORS', () => {
  it('answers a preflight from an allowed origin with 204 and the allow-* headers', async () => {
    const handle = core({ cors: { origin: 'https://app.example.com' } });
    const { response } = await handle(preflight('https://app.example.com'));
    expect(response.status).toBe(204);
    expect(response.body).toBe('');
    expect(response.headers).toEqual({
      vary: 'origin',
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'content-type, authorization',
      'access-control-max-age': '600',
    });
  });

  it('gives an origin that is not allowed no allow-* headers, so the browser blocks it', async () => {
    const handle = core({ cors: { origin: ['https://a.example.com', 'https://b.example.com'] } });
    const denied = await handle(preflight('https://evil.example.com'));
    expect(denied.response.headers).toEqual({ vary: 'origin' });
    const actual = await handle(post({ query: '{ hello }' }, { origin: 'https://evil.example.com' }));
    expect(actual.response.headers['access-control-allow-origin']).toBeUndefined();
    expect(json(actual).data.hello).toBe('Hello, world!');
  });

  it('allows each origin of a list, and adds the headers to actual requests too', async () => {
    const handle = core({ cors: { origin: ['https://a.example.com', 'https://b.example.com'], credentials: true, maxAge: 60, allowedHeaders: ['content-type', 'x-api-key'] } });
    const { response } = await handle(preflight('https://b.example.com'));
    expect(response.headers).toMatchObject({
      'access-control-allow-origin': 'https://b.example.com',
      'access-control-allow-credentials': 'true',
      'access-control-allow-headers': 'content-type, x-api-key',
      'access-control-max-age': '60',
    });
    const actual = await handle(post({ query: '{ hello }' }, { origin: 'https://a.example.com' }));
    expect(actual.response.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'access-control-allow-origin': 'https://a.example.com',
      'access-control-allow-credentials': 'true',
      vary: 'origin',
    });
  });

  it('reflects any origin with `origin: true`, credentials included', async () => {
    const handle = core({ cors: { origin: true, credentials: true } });
    const { response } = await handle(post({ query: '{ hello }' }, { origin: 'https://anything.example' }));
    expect(response.headers['access-control-allow-origin']).toBe('https://anything.example');
    expect(response.headers['access-control-allow-credentials']).toBe('true');
  });

  it('sends a literal * for `origin: "*"` without credentials, with no vary', async () => {
    const handle = core({ cors: { origin: '*' } });
    const { response } = await handle(post({ query: '{ hello }' }, { origin: 'https://x.example' }));
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers.vary).toBeUndefined();
  });

  it.each(['https://evil.example\r\nset-cookie: session=1', 'https://a.example\u0000', 'https://a.example\t', 'https://a.example, https://b.example'])(
    'never reflects an origin holding control characters or a comma (%j)',
    async (origin) => {
      const { response } = await core({ cors: { origin: true } })(preflight(origin));
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    },
  );

  it.each(['https://é.example', 'https://\u2028.example', 'https://a b.example', 'https://a.example\u00a0', 'https://a.example\x80'])(
    'reflects only printable ASCII: not %j (a header value Node or a proxy may refuse, or read otherwise)',
    async (origin) => {
      const { response } = await core({ cors: { origin: true } })(preflight(origin));
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.headers.vary).toBe('origin');
    },
  );

  it('reflects an origin with a port, a punycode host or an IPv6 address, all printable ASCII', async () => {
    for (const origin of ['http://localhost:3000', 'https://xn--9ca.example', 'http://[::1]:8080']) {
      const { response } = await core({ cors: { origin: true } })(preflight(origin));
      expect(response.headers['access-control-allow-origin']).toBe(origin);
    }
  });

  it('with `origin: true` and credentials, never accepts the opaque `null` origin', async () => {
    const { response } = await core({ cors: { origin: true, credentials: true } })(preflight('null'));
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it("refuses `origin: '*'` with credentials at start, saying what to do", () => {
    expect(() => core({ cors: { origin: '*', credentials: true } })).toThrow(/origin '\*' with credentials allows no one.*List the origins/);
  });

  it('adds the CSRF headers to the allowed preflight headers when CSRF prevention is on', async () => {
    const handle = core({ cors: { origin: true }, csrfPrevention: true });
    const { response } = await handle(preflight('https://app.example'));
    expect(response.headers['access-control-allow-headers']).toBe(
      'content-type, authorization, x-apollo-operation-name, apollo-require-preflight, graphql-require-preflight',
    );
  });

  it('without CORS, OPTIONS is a 405 with a JSON body', async () => {
    const { response } = await core()(preflight('https://app.example'));
    expect(response.status).toBe(405);
    expect(JSON.parse(response.body).errors[0].message).toMatch(/OPTIONS method is not allowed/);
  });
});

describe('CSRF prevention', () => {
  const handle = core({ csrfPrevention: true });

  it('refuses a GET without a preflight-forcing header, before running anything', async () => {
    const result = await handle(get({ query: '{ hello }' }));
    expect(result.response.status).toBe(400);
    expect(json(result).errors[0].message).toMatch(/^This operation has been blocked as a potential Cross-Site Request Forgery \(CSRF\)\./);
    expect(json(result).errors[0].message).toMatch(/x-apollo-operation-name, apollo-require-preflight/);
  });

  it('refuses simple POSTs (text/plain, forms), which a browser sends cross-site without asking', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const result = await handle({ method: 'POST', headers: { 'content-type': contentType }, body: '{"query":"{ hello }"}' });
      expect(result.response.status).toBe(400);
      expect(json(result).errors[0].message).toMatch(/CSRF/);
    }
  });

  it('lets through JSON POSTs and requests carrying a preflight-forcing header', async () => {
    expect(json(await handle(post({ query: '{ hello }' }))).data.hello).toBe('Hello, world!');
    expect(json(await handle(get({ query: '{ hello }' }, { 'apollo-require-preflight': 'true' }))).data.hello).toBe('Hello, world!');
    expect(json(await handle(get({ query: '{ hello }' }, { 'x-apollo-operation-name': 'Q' }))).data.hello).toBe('Hello, world!');
  });

  it('uses the configured header list instead of the default one', async () => {
    const custom = core({ csrfPrevention: { requestHeaders: ['x-csrf'] } });
    expect((await custom(get({ query: '{ hello }' }, { 'apollo-require-preflight': 'true' }))).response.status).toBe(400);
    expect((await custom(get({ query: '{ hello }' }, { 'x-csrf': '1' }))).response.status).toBe(200);
  });

  it('is off by default', async () => {
    expect((await core()(get({ query: '{ hello }' }))).response.status).toBe(200);
  });
});
