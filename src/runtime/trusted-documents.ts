/**
 * trusted-documents
 *
 * Requests that name a document instead of sending it: `documentId` (the GraphQL-over-HTTP persisted
 * documents appendix), or Apollo's `extensions.persistedQuery.sha256Hash`, over GET and POST. The
 * documents were validated against the schema at build time (`gqlambda build --operations`), so here
 * they are only parsed, on first use: cold start does not grow with the manifest. Only bundles built with
 * operations include this module (the generated handler imports it).
 */
import { GraphQLError, parse } from 'graphql';
import type { DocumentNode } from 'graphql';
import type { GraphQLParams, HttpRequest } from './types.js';

/** What a request names: a parsed trusted document, a refusal (status and error), or nothing (send it on). */
export type TrustedLookup = (params: GraphQLParams & { documentId?: unknown }, request: HttpRequest) => DocumentNode | [number, GraphQLError] | undefined;

export function trustedDocuments(documents: Record<string, string>, only = false): TrustedLookup {
  const parsed = new Map<string, DocumentNode>();
  // A trusted document's exact text is admitted too (validated as any query): the build's smoke test sends one.
  const texts = new Set(Object.values(documents));
  return (params, request) => {
    const hash = (params.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
    const id =
      params.documentId ??
      (request.method === 'GET' ? new URLSearchParams(request.rawQuery).get('documentId') : undefined) ??
      (hash === undefined ? undefined : `sha256:${hash}`);
    if (id == null) {
      return only && !texts.has(params.query) ? [400, new GraphQLError('This API answers trusted documents only: send the `documentId` of an operation from the persisted-documents manifest written by `gqlambda build --operations`.')] : undefined;
    }
    const text = typeof id === 'string' && Object.hasOwn(documents, id) ? documents[id]! : undefined;
    if (text === undefined) {
      // Apollo Client's persisted-queries link recognises this code.
      return [404, new GraphQLError(`Unknown document id ${JSON.stringify(id)}: it is not in this build's persisted-documents manifest. Rebuild the client and the API from the same operations.`, { extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } })];
    }
    let document = parsed.get(id as string);
    if (!document) parsed.set(id as string, (document = parse(text)));
    return document;
  };
}
