/**
 * The requests of the benchmark, as API Gateway HTTP API (payload 2.0) events shaped like the sample in
 * AWS's docs ("Working with AWS Lambda proxy integrations for HTTP APIs").
 */
export const USER_AGENT = 'bench-client/1.0 (+https://github.com/gqlambda)';

/** The timed shop query: 20 products with category, price and 5 reviews with their authors. */
export const SHOP_WARM_QUERY = `query Products($first: Int!) {
  products(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id
        name
        slug
        inStock
        rating
        price { amount currency formatted }
        category { id name slug }
        reviews(first: 5) {
          id
          rating
          title
          body
          createdAt
          author { id name }
        }
      }
    }
  }
}`;

export const HELLO_QUERY = '{ hello }';

/** Every request whose answer is compared across contenders, per schema; the first is the timed one. */
export const CHECKS = {
  hello: [{ query: HELLO_QUERY }, { query: 'query Greeting { greeting: hello __typename }', operationName: 'Greeting' }],
  shop: [
    { query: SHOP_WARM_QUERY, variables: { first: 20 }, operationName: 'Products' },
    {
      query: `query Page($after: String) {
        products(first: 5, after: $after, sort: PRICE_DESC, category: "c2") {
          totalCount
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges { cursor node { id name price { amount currency formatted } tags } }
        }
        rated: products(first: 3, sort: RATING) { edges { node { name rating reviewCount } } }
      }`,
      variables: { after: 'b2Zmc2V0OjA=' },
    },
    {
      query: `{
        categories { id name slug parent { id name } products(first: 2) { totalCount edges { node { name } } } }
        search(term: "lamp") {
          __typename
          ... on Product { id name price { formatted } }
          ... on Category { id slug }
          ... on User { id email }
        }
        node(id: "r7") { __typename id ... on Review { rating createdAt product { name } author { name } } }
        user: node(id: "u3") { ... on User { name role reviews { id title } } }
        me {
          id name role
          orders(first: 2) {
            totalCount
            pageInfo { hasNextPage endCursor }
            edges {
              cursor
              node {
                number status placedAt
                total { amount currency formatted }
                items { quantity unitPrice { formatted } subtotal { amount } product { name } }
                shippingAddress { line1 city postalCode country }
              }
            }
          }
        }
        order(id: "o7") { number customer { name } }
      }`,
    },
    {
      query: `mutation Shop($review: AddReviewInput!, $order: PlaceOrderInput!) {
        addReview(input: $review) { review { id rating title body author { name } product { reviewCount rating } createdAt } errors { field message } }
        bad: addReview(input: { productId: "p1", rating: 9, title: "!" }) { review { id } errors { field message } }
        placeOrder(input: $order) { order { id number status total { formatted } items { subtotal { formatted } } placedAt } errors { message } }
        updateProductPrice(input: { productId: "p3", price: { amount: 4200, currency: EUR } }) { id price { formatted } }
      }`,
      variables: {
        review: { productId: 'p2', rating: 4, title: 'Solid', body: 'Works as described.' },
        order: {
          items: [
            { productId: 'p5', quantity: 2 },
            { productId: 'p9', quantity: 1 },
          ],
          shippingAddress: { line1: '1 Test Road', city: 'Porto', postalCode: '4000', country: 'PT' },
        },
      },
      operationName: 'Shop',
    },
    { query: '{ product(id: "p2") { reviewCount reviews(first: 1) { title } } p3: product(id: "p3") { price { formatted } } }' },
  ],
};

/** An HTTP API v2 POST of one GraphQL request to /graphql. */
export function httpApiEvent(request, n = 0) {
  const body = JSON.stringify(request);
  const host = 'r3pmxmplak.execute-api.us-east-1.amazonaws.com';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: {
      accept: 'application/graphql-response+json, application/json;q=0.9',
      'content-length': String(Buffer.byteLength(body)),
      'content-type': 'application/json',
      host,
      'user-agent': USER_AGENT,
      'x-amzn-trace-id': `Root=1-5e6722a7-cc56xmpl46db7ae02d4da47${n}`,
      'x-forwarded-for': '205.255.255.176',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'r3pmxmplak',
      domainName: host,
      domainPrefix: 'r3pmxmplak',
      http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '205.255.255.176', userAgent: USER_AGENT },
      requestId: `JKJaXmPLvHcESHA=${n}`,
      routeKey: '$default',
      stage: '$default',
      time: '25/Nov/2026:09:00:00 +0000',
      timeEpoch: 1795597200000,
    },
    body,
    isBase64Encoded: false,
  };
}
