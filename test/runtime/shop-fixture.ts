/**
 * The benchmark's shop (fixtures/bench/shared) as the executor tests use it: its schema built as the runtime
 * builds it, a way to put its in-memory data back after mutations, and a copy whose resolvers record their
 * calls, for comparing two executors call for call.
 */
import { readFileSync } from 'node:fs';
import { GraphQLScalarType, responsePathAsArray, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { resolvers as shopResolvers } from '../../fixtures/bench/shared/shop.js';
import { orderById, orders, products, reviewById, reviews } from '../../fixtures/bench/shared/shop-data.js';
import { makeSchema } from '../../src/runtime/schema.js';

export const SHOP_SDL = readFileSync(new URL('../../fixtures/bench/shared/shop.graphql', import.meta.url), 'utf8');
export { shopResolvers };

const pristine = {
  reviews: reviews.length,
  orders: orders.length,
  products: products.map((product) => ({ reviewIds: [...product.reviewIds], price: product.price })),
};

/** Mutations change the shop's in-memory data: this puts it back as loaded. */
export function resetShop(): void {
  for (const review of reviews.splice(pristine.reviews)) reviewById.delete(review.id);
  for (const order of orders.splice(pristine.orders)) orderById.delete(order.id);
  products.forEach((product, k) => {
    product.reviewIds = [...pristine.products[k]!.reviewIds];
    product.price = pristine.products[k]!.price;
  });
}

export const pathOf = (info: GraphQLResolveInfo) => responsePathAsArray(info.path).join('.');

export const tick = async (n: number): Promise<void> => {
  for (let k = 0; k < n; k++) await null;
};

type Resolver = (...args: any[]) => unknown;

/**
 * The shop with every resolver (and `__resolveType`) recording `Type.field @ path` in `context.log`.
 * With `mutationTicks`, those mutations settle after that many microtask ticks and record `done …` then.
 */
export function loggedShop(mutationTicks?: Record<string, number>): GraphQLSchema {
  const wrapped: Record<string, unknown> = {};
  for (const [typeName, entry] of Object.entries(shopResolvers as Record<string, unknown>)) {
    if (entry instanceof GraphQLScalarType) {
      wrapped[typeName] = entry;
      continue;
    }
    const fields: Record<string, Resolver> = {};
    for (const [field, fn] of Object.entries(entry as Record<string, Resolver>)) {
      if (field.startsWith('__')) {
        if (field !== '__resolveType') {
          fields[field] = fn;
          continue;
        }
        fields[field] = (value: unknown, context: { log: string[] }, info: GraphQLResolveInfo, type: unknown) => {
          context.log.push(`${typeName}.__resolveType @ ${pathOf(info)}`);
          return fn(value, context, info, type);
        };
        continue;
      }
      fields[field] = (source: unknown, args: unknown, context: { log: string[] }, info: GraphQLResolveInfo) => {
        const at = `${typeName}.${field} @ ${pathOf(info)}`;
        context.log.push(at);
        if (typeName !== 'Mutation' || !mutationTicks) return fn(source, args, context, info);
        return tick(mutationTicks[field] ?? 0).then(() => {
          const value = fn(source, args, context, info);
          context.log.push(`done ${at}`);
          return value;
        });
      };
    }
    wrapped[typeName] = fields;
  }
  return makeSchema(SHOP_SDL, wrapped);
}
