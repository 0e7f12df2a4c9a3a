/**
 * events/direct
 *
 * Direct invocation (`aws lambda invoke`, the SDK, a Step Functions task) with the GraphQL parameters as
 * the payload: `{ "query": "…", "variables": {…}, "operationName": "…" }`. It goes through the same core
 * as an HTTP POST, and the GraphQL result object itself comes back, not an HTTP response.
 */
import type { EventSource, HttpResponse } from '../types.js';
import { isRecord } from './shared.js';

export interface DirectEvent {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  extensions?: Record<string, unknown> | null;
}

/**
 * `{ query, variables, operationName }` invocations; `toResult` gives back the GraphQL result object.
 *
 * @example
 * await handler({ query: '{ hello }' }, context); // { data: { hello: '…' } }
 */
export const direct: EventSource<DirectEvent> = {
  name: 'direct',

  // `query` of any type: a wrong one is the core's to reject with a GraphQL error.
  matches: (event): event is DirectEvent => isRecord(event) && 'query' in event && !('requestContext' in event),

  toRequest: ({ query, variables, operationName, extensions }) => ({
    method: 'POST',
    path: '/',
    rawQuery: '',
    // `application/json`: a request error still yields the `{ errors }` result, not an HTTP failure.
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables, operationName, extensions }),
  }),

  // Every answer of the core is JSON (the explorer's HTML page needs GET, which direct invocations never are).
  toResult: (response: HttpResponse) => JSON.parse(response.body) as unknown,
};
