import type { QueryResolvers } from '../../.gqlambda/resolvers.generated.js';
import { books } from '../data.js';

export const Query: QueryResolvers = {
  hello: (_parent, _args, context) => {
    return `Hello ${context.userAgent ?? 'Anon'}!`;
  },
  books: (_parent, { author }) => {
    return author ? books.filter((book) => book.author === author) : [...books];
  },
  book: (_parent, { id }) => {
    return books.find((book) => book.id === id) ?? null;
  },
};
