/**
 * `node --import ./record-loads.mjs …` appends every module the process loads to the file named by
 * GQLAMBDA_RECORD_LOADS, one path or URL a line: ESM imports through a resolve hook (which sees every
 * `import`, CommonJS packages included), and at exit whatever `require` cached.
 */
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.GQLAMBDA_RECORD_LOADS;
if (file) {
  const hooks = `
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      appendFileSync(${JSON.stringify(file)}, result.url + '\\n');
      return result;
    }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
  process.on('exit', () => {
    const cached = Object.keys(createRequire(import.meta.url).cache);
    if (cached.length > 0) appendFileSync(file, `${cached.join('\n')}\n`);
  });
}
