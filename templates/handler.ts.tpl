{{header}}

// The Lambda entrypoint: `handler` in the zip's index file. It joins the schema, your resolvers,
// your context factory and your server options (src/server.ts by default) to gqlambda's runtime.
import { createLambdaHandler } from 'gqlambda/runtime';{{federationImport}}
import { typeDefs{{sdlImport}} } from './schema.generated.js';
import { resolvers } from './resolver-map.generated.js';
import { {{contextImport}} } from '{{contextModule}}';{{serverImport}}{{documentsImport}}

export const handler = createLambdaHandler({ {{serverSpread}}typeDefs, {{resolvers}}, context: createContext{{documents}} });
