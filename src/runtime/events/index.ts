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

/** Said to whoever sends an event no source recognises (mangum's hint). */
export const UNKNOWN_EVENT_MESSAGE =
  'Unrecognised Lambda event: expected API Gateway, function URL, ALB, or a direct invocation with a "query". Are you testing locally?';
