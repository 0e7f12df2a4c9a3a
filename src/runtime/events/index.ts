/**
 * events
 *
 * The event sources, most specific first (mangum's `HANDLERS`): ALB events also carry `httpMethod` and
 * `path` like REST ones, and payload 2.0 events are told apart by `version`. Direct invocation comes last.
 */
import type { EventSource } from '../types.js';
import { alb } from './alb.js';
import { direct } from './direct.js';
import { httpApi } from './http-api.js';
import { restApi } from './rest-api.js';

export { alb, direct, httpApi, restApi };
export { RequestError } from './shared.js';

/** Every supported source, in detection order. */
export const EVENT_SOURCES: readonly EventSource<any>[] = [alb, httpApi, restApi, direct];

/**
 * The source that sent this event, or undefined when no source recognises it.
 *
 * @example
 * detectEventSource({ version: '2.0', requestContext: { http: { method: 'GET' } }, rawPath: '/' })?.name; // 'http-api'
 */
export function detectEventSource(event: unknown): EventSource<any> | undefined {
  return EVENT_SOURCES.find((source) => source.matches(event));
}

/**
 * Why an event no source recognises is refused. It is thrown, not answered: Lambda counts any answer as
 * success, so a queue or stream wired here by mistake would delete its messages unprocessed; a failed
 * invocation is retried, counted in the Errors metric and sent to the dead-letter queue.
 */
export function unknownEventMessage(event: unknown): string {
  const first = (event as { Records?: Record<string, unknown>[] } | null)?.Records?.[0];
  const from = first?.eventSource ?? first?.EventSource ?? (event as { source?: unknown } | null)?.source;
  return `Unrecognised Lambda event${typeof from === 'string' ? ` from ${from}` : ''}: only HTTP events and direct invocations with a "query" are answered.`;
}
