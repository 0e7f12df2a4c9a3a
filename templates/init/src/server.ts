import { defineServer } from 'gqlambda/runtime';
import type { Context } from './context.js';

/**
 * Options of the GraphQL server: `cors`, `limits`, `formatError`, `setup` (runs once per container),
 * `introspection`, `explorer`, … Development builds turn on introspection, the explorer and stack traces.
 */
export default defineServer<Context>({
  limits: { maxDepth: 10 },
});
