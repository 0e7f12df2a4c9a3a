/** Trusted documents in the core: found by id, parsed once, never validated again; unknown ids and text refused plainly. */
import { describe, expect, it } from 'vitest';
import type { ValidationRule } from 'graphql';
import { createGraphQLHttpHandler } from '../../src/runtime/http.js';
import { resolveOptions } from '../../src/runtime/profile.js';
import type { ServerOptions } from '../../src/runtime/options.js';
import { fixtureSchema, get, invocation, json, memoryLogger, post } from './core-fixture.js';

const HELLO = 'query Hello { hello }';
const documents = { 'sha256:abc': HELLO };

function trustedCore(options: ServerOptions = {}) {
  let validated = 0;
  const spy: ValidationRule = () => {
    validated++;
    return {};
  };
  const handle = createGraphQLHttpHandler({ ...resolveOptions({ logger: memoryLogger(), validationRules: [spy], ...options }), schema: fixtureSchema(), documents });
  const send = async (request: Parameters<typeof handle>[0] | object) =>
    Promise.resolve(handle({ method: 'POST', path: '/graphql', rawQuery: '', headers: {}, body: null, ...request }, invocation()));
  return { send, validations: () => validated };
}

describe('trusted documents', () => {
  it('runs a document by documentId without validating it again, by text with validation', async () => {
    const core = trustedCore();
    expect(json(await core.send(post({ documentId: 'sha256:abc' }))).data).toEqual({ hello: 'Hello, world!' });
    expect(json(await core.send(get({ documentId: 'sha256:abc' }))).data).toEqual({ hello: 'Hello, world!' });
    expect(core.validations()).toBe(0);
    expect(json(await core.send(post({ query: '{ hello }' }))).data).toEqual({ hello: 'Hello, world!' });
    expect(core.validations()).toBe(1);
  });

  it('sets Cache-Control only on a GET of a trusted document', async () => {
    const core = trustedCore({ trustedDocumentsCacheControl: 'public, max-age=300' });
    expect((await core.send(get({ documentId: 'sha256:abc' }))).response.headers['cache-control']).toBe('public, max-age=300');
    expect((await core.send(post({ documentId: 'sha256:abc' }))).response.headers['cache-control']).toBeUndefined();
    expect((await core.send(get({ query: '{ hello }' }))).response.headers['cache-control']).toBeUndefined();
  });

  it('trustedDocumentsOnly: other text is refused with 400, a trusted document’s exact text is admitted', async () => {
    const core = trustedCore({ trustedDocumentsOnly: true });
    const refused = await core.send(post({ query: '{ hello }' }));
    expect(refused.response.status).toBe(400);
    expect(json(refused).errors[0].message).toMatch(/^This API answers trusted documents only/);
    expect(json(await core.send(post({ query: HELLO }))).data).toEqual({ hello: 'Hello, world!' });
  });

  it('an unknown id, or one that is no string, gets 404 with Apollo’s PERSISTED_QUERY_NOT_FOUND', async () => {
    const core = trustedCore();
    for (const documentId of ['sha256:nope', 42, 'constructor']) {
      const answer = await core.send(post({ documentId }));
      expect(answer.response.status).toBe(404);
      expect(json(answer).errors[0]).toMatchObject({ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
    }
  });
});
