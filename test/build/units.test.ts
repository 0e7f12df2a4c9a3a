/** The build's small pure parts: targets, sizes and budgets, the graphql copy check, the stub finder. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Metafile } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { assertSingleGraphql, esbuildTarget, graphqlCopies, outputFileName } from '../../src/build/bundle.js';
import { stableMetafile } from '../../src/build/resolve-plugin.js';
import { LAMBDA_UNZIPPED_LIMIT, LAMBDA_ZIPPED_LIMIT, checkSize, parseSize, sizeReport } from '../../src/build/size-report.js';
import { findUnimplementedStubs } from '../../src/build/stubs.js';
import { samTemplate } from '../../src/build/sam.js';
import { defaultConfig } from '../../src/config.js';
import { parse as parseYaml } from 'yaml';
import { GqlambdaError } from '../../src/errors.js';
import { removeTempDirs, tempDir } from './support.js';

afterAll(removeTempDirs);

function metafile(inputs: Record<string, number>): Metafile {
  return {
    inputs: Object.fromEntries(Object.keys(inputs).map((path) => [path, { bytes: 1, imports: [] }])),
    outputs: {
      'dist/index.mjs': {
        bytes: Object.values(inputs).reduce((a, b) => a + b, 0),
        inputs: Object.fromEntries(Object.entries(inputs).map(([path, bytesInOutput]) => [path, { bytesInOutput }])),
        imports: [],
        exports: [],
      },
    },
  } as Metafile;
}

describe('bundle settings', () => {
  it('derives the esbuild target and the file name from the config', () => {
    expect(esbuildTarget('nodejs22.x')).toBe('node22');
    expect(esbuildTarget('nodejs24.x')).toBe('node24');
    expect(outputFileName('esm')).toBe('index.mjs');
    expect(outputFileName('cjs')).toBe('index.js');
  });

  it('finds two copies of graphql in a metafile and refuses them', () => {
    const two = metafile({ 'node_modules/graphql/index.mjs': 10, 'node_modules/some-lib/node_modules/graphql/index.mjs': 10, 'gqlambda-cli:node_modules/graphql-http/lib/index.mjs': 5 });
    expect(graphqlCopies(two)).toEqual(['node_modules/graphql', 'node_modules/some-lib/node_modules/graphql']);
    expect(() => assertSingleGraphql(two)).toThrow(/the bundle holds 2 copies of graphql \(node_modules\/graphql, node_modules\/some-lib\/node_modules\/graphql\)/);
    expect(() => assertSingleGraphql(metafile({ 'gqlambda-cli:node_modules/graphql/index.mjs': 1 }))).not.toThrow();
  });

  it("names the CLI's files in a minified build's metafile as its namespace would: what gqlambda or graphql leads to, not the project's own files", () => {
    // The project and the CLI (with its graphql) side by side in the temp folder; the CLI's folder also holds a file the project imports by path.
    const project = join(tmpdir(), 'app');
    const cliDir = join(tmpdir(), 'cli');
    const named = (path: string): string | undefined => (path.startsWith(`${cliDir}/`) ? `node_modules/gqlambda/${path.slice(cliDir.length + 1)}` : undefined);
    const input = (imports: Array<[path: string, original: string]>) => ({ bytes: 1, imports: imports.map(([path, original]) => ({ path, kind: 'import-statement' as const, original })) });
    const built = {
      inputs: {
        'src/server.ts': input([['../cli/dist/runtime/index.js', 'gqlambda/runtime'], ['../cli/shared.ts', '../cli/shared.ts']]),
        '../cli/dist/runtime/index.js': input([['../cli/node_modules/graphql/index.mjs', 'graphql']]),
        '../cli/node_modules/graphql/index.mjs': input([['../cli/node_modules/graphql/version.mjs', './version.mjs']]),
        '../cli/node_modules/graphql/version.mjs': input([]),
        '../cli/shared.ts': input([]),
      },
      outputs: { 'dist/index.mjs': { bytes: 5, inputs: { 'src/server.ts': { bytesInOutput: 1 }, '../cli/node_modules/graphql/version.mjs': { bytesInOutput: 1 } }, imports: [], exports: [] } },
    } as unknown as Metafile;
    const stable = stableMetafile(built, project, named);
    expect(Object.keys(stable.inputs)).toEqual([
      'src/server.ts',
      'gqlambda-cli:node_modules/gqlambda/dist/runtime/index.js',
      'gqlambda-cli:node_modules/gqlambda/node_modules/graphql/index.mjs',
      'gqlambda-cli:node_modules/gqlambda/node_modules/graphql/version.mjs',
      '../cli/shared.ts',
    ]);
    expect(stable.inputs['src/server.ts']!.imports.map((entry) => entry.path)).toEqual(['gqlambda-cli:node_modules/gqlambda/dist/runtime/index.js', '../cli/shared.ts']);
    expect(Object.keys(stable.outputs['dist/index.mjs']!.inputs)).toEqual(['src/server.ts', 'gqlambda-cli:node_modules/gqlambda/node_modules/graphql/version.mjs']);
  });
});

describe('size report and budgets', () => {
  it('groups the bundle by package and by project file, largest first', () => {
    const report = sizeReport(
      metafile({
        'gqlambda-cli:node_modules/graphql/type/definition.mjs': 3000,
        'gqlambda-cli:node_modules/graphql/language/parser.mjs': 2000,
        'node_modules/@aws-lambda-powertools/logger/lib/index.js': 1500,
        'src/resolvers/Query.ts': 400,
        'node_modules/unused/index.js': 0,
      }),
    );
    expect(report.contributors).toEqual([
      { name: 'graphql', bytes: 5000 },
      { name: '@aws-lambda-powertools/logger', bytes: 1500 },
      { name: 'src/resolvers/Query.ts', bytes: 400 },
    ]);
  });

  it('parses --max-size with and without units, and refuses nonsense as a usage error', () => {
    expect(parseSize('250000')).toBe(250_000);
    expect(parseSize('300kb')).toBe(300 * 1024);
    expect(parseSize('1.5MB')).toBe(1.5 * 1024 * 1024);
    expect(() => parseSize('big')).toThrow(GqlambdaError);
    expect(() => parseSize('-1')).toThrow(expect.objectContaining({ code: 'USAGE', exitCode: 2 }));
  });

  it('checks Lambda\'s 50 MB zipped and 250 MB unzipped limits with their own messages', () => {
    const report = sizeReport(metafile({ 'node_modules/huge/index.js': 10 }));
    expect(() => checkSize({ zipBytes: LAMBDA_ZIPPED_LIMIT + 1, unzippedBytes: 1, report })).toThrow(/over Lambda's 50 MB limit for a direct upload/);
    expect(() => checkSize({ zipBytes: 1, unzippedBytes: LAMBDA_UNZIPPED_LIMIT + 1, report })).toThrow(/over Lambda's limit of 250 MB\. The largest contributors: huge 10 B\./);
    expect(() => checkSize({ zipBytes: 1000, unzippedBytes: 1000, maxSize: 999, report })).toThrow(/over the budget/);
    expect(() => checkSize({ zipBytes: 1000, unzippedBytes: 1000, maxSize: 1000, report })).not.toThrow();
  });
});

describe('--strict-stubs finder', () => {
  it('finds thrown markers only, not comments or strings that are not thrown', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'src/resolvers/nested'), { recursive: true });
    await writeFile(
      join(root, 'src/resolvers/Query.ts'),
      [
        'export const Query = {',
        "  a: () => { throw new Error('Not implemented: Query.a'); },",
        "  // b: () => { throw new Error('Not implemented: Query.b'); },",
        "  c: () => 'Not implemented: Query.c',",
        '  d: () => { throw new Error(`Not implemented: Query.d ${1}`); },',
        '};',
      ].join('\n'),
    );
    await writeFile(join(root, 'src/resolvers/nested/User.ts'), "export const User = { id: () => { throw Error('Not implemented: User.id'); } };\n");
    expect(await findUnimplementedStubs(root, 'src/resolvers')).toEqual([
      { file: 'src/resolvers/Query.ts', line: 2, column: 14, field: 'Query.a' },
      { file: 'src/resolvers/Query.ts', line: 5, column: 14, field: 'Query.d' },
      { file: 'src/resolvers/nested/User.ts', line: 1, column: 35, field: 'User.id' },
    ]);
  });
});

describe('SAM template', () => {
  it('is valid YAML with the function, its HTTP API event and a role with only the basic execution policy', () => {
    const fn = { ...defaultConfig().function, memorySize: 256, timeout: 5, environment: { QUOTES: 'say "hi": #1 {x} [y]', MULTI: 'a\nb', EMPTY: '' } };
    const text = samTemplate({ runtime: 'nodejs22.x', fn, codeUri: 'lambda.zip', buildEnvironment: { NODE_OPTIONS: '--enable-source-maps' } });
    const template = parseYaml(text) as { Transform: string; Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>; Outputs: unknown };
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
    expect(Object.keys(template.Resources).sort()).toEqual(['GraphQLFunction', 'GraphQLFunctionRole']);
    expect(template.Resources.GraphQLFunction).toEqual({
      Type: 'AWS::Serverless::Function',
      Properties: {
        CodeUri: 'lambda.zip',
        Handler: 'index.handler',
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: 256,
        Timeout: 5,
        Role: { 'Fn::GetAtt': ['GraphQLFunctionRole', 'Arn'] },
        Environment: { Variables: { EMPTY: '', MULTI: 'a\nb', NODE_OPTIONS: '--enable-source-maps', QUOTES: 'say "hi": #1 {x} [y]' } },
        Events: { GraphQL: { Type: 'HttpApi' } },
      },
    });
    const role = template.Resources.GraphQLFunctionRole!;
    expect(role.Type).toBe('AWS::IAM::Role');
    expect(role.Properties.ManagedPolicyArns).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }]);
    expect(Object.keys(role.Properties).sort()).toEqual(['AssumeRolePolicyDocument', 'ManagedPolicyArns']);
  });

  it('keeps every environment value byte for byte, control and line-break characters included, for YAML 1.1 and 1.2 readers', () => {
    const nasty: Record<string, string> = {
      BOOLEAN_IN_YAML_1_1: 'yes',
      ON: 'on',
      Y: 'y',
      NULLS: 'Null',
      TILDE: '~',
      OCTAL: '08',
      HEX: '0x1F',
      DATE: '2001-12-14',
      TAG: '!Ref Table',
      SUB: '${AWS::Region}',
      ALIAS: '*anchor',
      DOCUMENT: '---\n...',
      COMMENT: 'a #b',
      COLON: 'key: value',
      DASH: '- item',
      QUOTES: `'single' "double" \\back`,
      SPACES: '  lead and trail  ',
      CRLF: 'line1\r\nline2\r\n',
      TRAILING_NEWLINES: 'x\n\n',
      C0: '\u0000\u0001\u0007\b\t\u000b\f\u001b\u007f',
      C1: '\u0080\u0085\u009f',
      SEPARATORS: 'a\u2028b\u2029c',
      BOM: '\ufeffbom',
      NONCHARS: '\ufffe\uffff',
      ASTRAL: '😀 𝔘',
      LONG: `${'word '.repeat(60)}end`,
      EMPTY: '',
    };
    const fn = { ...defaultConfig().function, environment: nasty };
    const text = samTemplate({ runtime: 'nodejs22.x', fn, codeUri: 'dir with spaces/#lambda.zip', buildEnvironment: {} });
    // Raw NEL/LS/PS are line breaks to YAML 1.1 readers (the SAM CLI's), C1 controls and non-characters are not printable.
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/);
    for (const version of ['1.1', '1.2'] as const) {
      const template = parseYaml(text, { version, uniqueKeys: true, strict: true }) as { Resources: { GraphQLFunction: { Properties: { CodeUri: string; Environment: { Variables: Record<string, string> } } } } };
      expect(template.Resources.GraphQLFunction.Properties.Environment.Variables).toEqual(nasty);
      expect(template.Resources.GraphQLFunction.Properties.CodeUri).toBe('dir with spaces/#lambda.zip');
    }
  });
});
