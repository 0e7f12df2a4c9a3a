/**
 * One small event per AWS source, modelled on the samples in AWS's documentation, each asking
 * `{ __typename }` (which every schema answers, and which production's introspection ban allows).
 * They ship with the CLI (fixtures/ does not), so they live here as code.
 */

export const SMOKE_QUERY = '{ __typename }';
const body = JSON.stringify({ query: SMOKE_QUERY });
const path = '/graphql';
const time = { epoch: 1_767_225_600_000, text: '01/Jan/2026:00:00:00 +0000' };
const headers = {
  accept: 'application/graphql-response+json, application/json',
  'content-type': 'application/json',
  'user-agent': 'gqlambda-smoke',
  host: 'smoke.example.com',
};

export interface SmokeEvent {
  /** How the source is named in messages. */
  source: string;
  /** Direct invocations get the GraphQL result itself back; the others an HTTP response. */
  kind: 'http' | 'direct';
  event: unknown;
}

/** API Gateway REST API, Lambda proxy integration (payload 1.0). */
const restApi = {
  resource: '/{proxy+}',
  path,
  httpMethod: 'POST',
  headers,
  multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: { proxy: 'graphql' },
  stageVariables: null,
  requestContext: {
    accountId: '123456789012',
    apiId: 'smoke12345',
    resourceId: 'abc123',
    resourcePath: '/{proxy+}',
    httpMethod: 'POST',
    path: `/prod${path}`,
    stage: 'prod',
    protocol: 'HTTP/1.1',
    requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    requestTimeEpoch: time.epoch,
    identity: { sourceIp: '192.0.2.1', userAgent: headers['user-agent'] },
  },
  body,
  isBase64Encoded: false,
};

/** API Gateway HTTP API (payload 2.0); a Function URL event has the same shape with its own domain. */
function payloadV2(domainName: string, apiId: string): unknown {
  return {
    version: '2.0',
    routeKey: apiId === 'urlid' ? '$default' : 'POST /graphql',
    rawPath: path,
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: apiId === 'urlid' ? 'anonymous' : '123456789012',
      apiId,
      domainName,
      domainPrefix: domainName.split('.')[0],
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: headers['user-agent'] },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: apiId === 'urlid' ? '$default' : 'POST /graphql',
      stage: '$default',
      time: time.text,
      timeEpoch: time.epoch,
    },
    body,
    isBase64Encoded: false,
  };
}

/** Application Load Balancer target (without multi-value headers). */
const alb = {
  requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/smoke/73e2d6bc24d8a067' } },
  httpMethod: 'POST',
  path,
  queryStringParameters: {},
  headers,
  body,
  isBase64Encoded: false,
};

export const SMOKE_EVENTS: readonly SmokeEvent[] = [
  { source: 'API Gateway REST API (v1)', kind: 'http', event: restApi },
  { source: 'API Gateway HTTP API (v2)', kind: 'http', event: payloadV2('smoke12345.execute-api.us-east-1.amazonaws.com', 'smoke12345') },
  { source: 'Lambda Function URL', kind: 'http', event: payloadV2('urlid.lambda-url.us-east-1.on.aws', 'urlid') },
  { source: 'Application Load Balancer', kind: 'http', event: alb },
  { source: 'direct invocation', kind: 'direct', event: { query: SMOKE_QUERY } },
];
