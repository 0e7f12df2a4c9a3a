/**
 * The event `gqlambda invoke` sends when given none: an API Gateway HTTP API (payload 2.0) POST, the
 * shape a deployed function behind the SAM template's HttpApi receives, with a query on the Query type.
 */
import { readFile } from 'node:fs/promises';
import { buildSchema, getNamedType, isEnumType, isNonNullType, isScalarType } from 'graphql';

/**
 * The first field of Query a client could ask for with no arguments and no selection (a scalar or an
 * enum whose arguments are all optional), e.g. `{ hello }`; `{ __typename }` when there is none.
 */
export function defaultQuery(sdl: string | undefined): string {
  if (sdl === undefined) return '{ __typename }';
  try {
    const schema = buildSchema(sdl, { assumeValidSDL: true });
    const fields = Object.values(schema.getQueryType()?.getFields() ?? {});
    const field = fields.find((candidate) => {
      const type = getNamedType(candidate.type);
      const leaf = isScalarType(type) || isEnumType(type);
      return leaf && candidate.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined);
    });
    return field ? `{ ${field.name} }` : '{ __typename }';
  } catch {
    return '{ __typename }';
  }
}

export async function readSchemaIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function httpApiEvent(query: string, userAgent: string, path = '/graphql'): Record<string, unknown> {
  const body = JSON.stringify({ query });
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {
      accept: 'application/graphql-response+json, application/json',
      'content-length': String(Buffer.byteLength(body)),
      'content-type': 'application/json',
      host: 'localhost.execute-api.us-east-1.amazonaws.com',
      'user-agent': userAgent,
      'x-forwarded-proto': 'https',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'localhost',
      domainName: 'localhost.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'localhost',
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent },
      requestId: 'gqlambda-invoke',
      routeKey: '$default',
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now.getTime(),
    },
    body,
    isBase64Encoded: false,
  };
}

/** API Gateway's `requestContext.time` format: `10/Mar/2020:05:16:24 +0000`. */
function requestTime(date: Date): string {
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${month}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
