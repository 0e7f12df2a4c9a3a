/**
 * handler
 *
 * `handler.ts`, the Lambda entrypoint, rendered from templates/handler.ts.tpl. Paths to the user's
 * context and server modules are computed from the config, so moving them only needs a config change.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ResolvedConfig } from '../config.js';
import type { Federation } from '../federation.js';
import { renderTemplate } from '../util/template.js';
import { templatesDir } from '../util/paths.js';
import { generatedHeader } from './header.js';
import { generatedDir, importSpecifier } from './paths.js';
import type { GeneratedFile } from './types.js';

export const HANDLER_FILE = 'handler.ts';

export const DOCUMENTS_FILE = 'documents.generated.ts';

/**
 * `withDocuments`: the handler embeds the trusted documents of `DOCUMENTS_FILE`. A subgraph's handler
 * wraps the resolver map with `gqlambda/runtime/federation`, which no other handler imports.
 */
export async function generateHandler(config: ResolvedConfig, withDocuments = false, federation?: Federation): Promise<GeneratedFile> {
  const outDir = generatedDir(config);
  const template = await readFile(join(templatesDir, 'handler.ts.tpl'), 'utf8');
  const factory = config.context.factory;
  const content = renderTemplate(
    template,
    {
      header: generatedHeader('//').trimEnd(),
      contextImport: factory === 'createContext' ? factory : `${factory} as createContext`,
      contextModule: importSpecifier(outDir, resolve(config.root, config.context.module)),
      serverImport:
        config.server === null ? '' : `\nimport server from '${importSpecifier(outDir, resolve(config.root, config.server))}';`,
      // The generated values come last: server options cannot replace the schema or the resolvers.
      serverSpread: config.server === null ? '' : '...server, ',
      documentsImport: withDocuments ? `\nimport { documents } from './${DOCUMENTS_FILE.replace(/\.ts$/, '.js')}';` : '',
      documents: withDocuments ? ', documents' : '',
      federationImport: federation ? `\nimport { subgraphResolvers } from 'gqlambda/runtime/federation';` : '',
      sdlImport: federation ? ', subgraphSdl' : '',
      resolvers: federation ? `resolvers: subgraphResolvers(resolvers, ${subgraphOptions(federation)})` : 'resolvers',
    },
    'handler.ts.tpl',
  );
  return { path: join(outDir, HANDLER_FILE), content };
}

function subgraphOptions(federation: Federation): string {
  const query = federation.queryType === 'Query' ? '' : `, queryType: ${JSON.stringify(federation.queryType)}`;
  return `{ sdl: subgraphSdl${query}${federation.entities.length > 0 ? ', entities: true' : ''} }`;
}
