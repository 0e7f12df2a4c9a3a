import type { BookResolvers } from '../../.gqlambda/resolvers.generated.js';

export const Book: BookResolvers = {
  excerpt: (book, { words }) => {
    const all = book.blurb.split(/\s+/);
    return all.length <= words ? book.blurb : `${all.slice(0, Math.max(words, 0)).join(' ')} …`;
  },
};
