/**
 * events/direct
 *
 * Direct invocation (`aws lambda invoke`, the SDK, a Step Functions task) with the GraphQL parameters as
 * the payload: `{ "query": "…", "variables": {…}, "operationName": "…" }`. It goes through the same core
 * as an HTTP POST, and the GraphQL result object itself comes back, not an HTTP response.
 */
import type { EventSource, HttpResponse } from '../types.js';
import { isRecord, RequestError } from './shared.js';

export interface DirectEvent {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  extensions?: Record<string, unknown> | null;
  documentId?: string;
}

/**
 * `{ query, variables, operationName }` invocations; `toResult` gives back the GraphQL result object.
 *
 * @example
 * await handler({ query: '{ hello }' }, context); // { data: { hello: '…' } }
 */
export const direct: EventSource<DirectEvent> = {
  name: 'direct',

  // `query` of any type: a wrong one is the core's to reject with a GraphQL error. A trusted document is
  // named by `documentId` or Apollo's `extensions.persistedQuery` instead.
  matches: (event): event is DirectEvent =>
    isRecord(event) && ('query' in event || 'documentId' in event || 'extensions' in event) && !('requestContext' in event),

  // The payload as sent: the core reads only the GraphQL parameters (`query`, `variables`, …) from it.
  toRequest(event) {
    let body: string;
    try {
      body = JSON.stringify(event);
    } catch {
      throw new RequestError('The payload is nested too deeply to read.');
    }
    return {
      method: 'POST',
      path: '/',
      rawQuery: '',
      // `application/json`: a request error still yields the `{ errors }` result, not an HTTP failure.
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
    };
  },

  // Every answer of the core is JSON (the explorer's HTML page needs GET, which direct invocations never are).
  toResult: (response: HttpResponse) => JSON.parse(response.body) as unknown,
};
