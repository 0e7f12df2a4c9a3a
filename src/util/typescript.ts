/**
 * TypeScript for every module of gqlambda that parses or checks code: `import { ts } from '../util/typescript.js'`.
 * The compiler is loaded from V8's code cache (typescript-code-cache.ts), which must run first. This module
 * is the cache's only importer: the CLI's bundle then keeps the two in one chunk, in this order (across
 * chunks, esbuild does not promise the order in which modules run).
 */
import { saveTypeScriptCodeCache } from './typescript-code-cache.js';
// require, not import: importing the 9 MB CommonJS compiler from ESM makes Node scan it for named
// exports first (cjs-module-lexer), which costs about a second.
import ts = require('typescript');

export { saveTypeScriptCodeCache, ts };
