/**
 * Real GraphQL clients against `gqlambda dev`, each written as its users write it: graphql-request,
 * urql's core client and Apollo Client's core. A query, a mutation with variables, and an error each.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientError, GraphQLClient } from 'graphql-request';
import { Client, cacheExchange, fetchExchange, gql as urqlGql } from '@urql/core';
import { ApolloClient, CombinedGraphQLErrors, HttpLink, InMemoryCache, gql as apolloGql } from '@apollo/client';
import { removeTempDirs, scaffold } from '../build/support.js';
import { startDev, stopDevServers, type Dev } from './dev-process.js';

const BOOK = 'query Book($id: ID!) { book(id: $id) { id title author } }';
const ADD = 'mutation Add($title: String!, $author: String!) { addBook(title: $title, author: $author) { id title author } }';
const FIRST_BOOK = { id: '1', title: 'The Left Hand of Darkness', author: 'Ursula K. Le Guin' };

let dev: Dev;
beforeAll(async () => {
  const root = await scaffold();
  const schema = join(root, 'schema/schema.graphql');
  writeFileSync(schema, `${readFileSync(schema, 'utf8')}\ntype Mutation {\n  addBook(title: String!, author: String!): Book!\n}\n`);
  writeFileSync(
    join(root, 'src/resolvers/Mutation.ts'),
    `import { GraphQLError } from 'graphql';
import type { MutationResolvers } from '../../.gqlambda/resolvers.generated.js';

let added = 0;

export const Mutation: MutationResolvers = {
  addBook: (_parent, { title, author }) => {
    if (title.trim() === '') throw new GraphQLError('A book needs a title.', { extensions: { code: 'BAD_USER_INPUT' } });
    return { id: \`new-\${++added}\`, title, author, year: 2026, blurb: '' };
  },
};
`,
  );
  dev = await startDev(root);
});
afterAll(async () => {
  stopDevServers();
  await removeTempDirs();
});

describe('graphql-request', () => {
  it('queries, mutates with variables, and throws a ClientError carrying the GraphQL error', async () => {
    const client = new GraphQLClient(dev.url);
    expect(await client.request(BOOK, { id: '1' })).toEqual({ book: FIRST_BOOK });
    expect(await client.request(ADD, { title: 'Kindred', author: 'Octavia E. Butler' })).toEqual({
      addBook: { id: 'new-1', title: 'Kindred', author: 'Octavia E. Butler' },
    });
    const error = await client.request(ADD, { title: ' ', author: 'Nobody' }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).response.errors?.[0]).toMatchObject({ message: 'A book needs a title.', extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('@urql/core', () => {
  it('queries, mutates with variables, and returns a CombinedError for the GraphQL error', async () => {
    const client = new Client({ url: dev.url, exchanges: [cacheExchange, fetchExchange] });
    const book = await client.query(urqlGql(BOOK), { id: '1' }).toPromise();
    expect(book.error).toBeUndefined();
    expect(book.data).toEqual({ book: { ...FIRST_BOOK, __typename: 'Book' } });
    const added = await client.mutation(urqlGql(ADD), { title: 'Parable of the Sower', author: 'Octavia E. Butler' }).toPromise();
    expect(added.data).toEqual({ addBook: { id: 'new-2', title: 'Parable of the Sower', author: 'Octavia E. Butler', __typename: 'Book' } });
    const failed = await client.mutation(urqlGql(ADD), { title: '', author: 'Nobody' }).toPromise();
    expect(failed.data).toBeNull();
    expect(failed.error?.graphQLErrors[0]).toMatchObject({ message: 'A book needs a title.', extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('@apollo/client', () => {
  it('queries, mutates with variables, and rejects with CombinedGraphQLErrors for the GraphQL error', async () => {
    const client = new ApolloClient({ link: new HttpLink({ uri: dev.url }), cache: new InMemoryCache() });
    const book = await client.query({ query: apolloGql(BOOK), variables: { id: '1' } });
    expect(book.data).toEqual({ book: { ...FIRST_BOOK, __typename: 'Book' } });
    const added = await client.mutate({ mutation: apolloGql(ADD), variables: { title: 'Dawn', author: 'Octavia E. Butler' } });
    expect(added.data).toEqual({ addBook: { id: 'new-3', title: 'Dawn', author: 'Octavia E. Butler', __typename: 'Book' } });
    const error = await client.mutate({ mutation: apolloGql(ADD), variables: { title: '', author: 'Nobody' } }).catch((thrown: unknown) => thrown);
    expect(CombinedGraphQLErrors.is(error)).toBe(true);
    expect((error as CombinedGraphQLErrors).errors[0]).toMatchObject({ message: 'A book needs a title.', extensions: { code: 'BAD_USER_INPUT' } });
    client.stop();
  });
});
