/**
 * Public schemas this project did not write (fixtures/schemas/real, licences in its README): each is
 * scaffolded around with `init --schema`, built by the real CLI (generate, type check of the untouched
 * stubs, bundle, smoke, zip) and invoked through its zip, where a field nobody implemented must say so.
 * One build per schema, shared by its assertions: GitHub's schema (1,600 types) takes seconds.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildSummary } from '../../src/build/index.js';
import { json, removeTempDirs, repoRoot, runCli, tempDir, type CliResult } from './support.js';

afterAll(removeTempDirs);

const SCHEMAS = [
  { name: 'swapi', query: '{ allFilms { totalCount } }', unimplemented: 'Root.allFilms' },
  { name: 'github', query: '{ viewer { login } }', unimplemented: 'Query.viewer' },
];

describe.each(SCHEMAS)('the public $name schema', ({ name, query, unimplemented }) => {
  let root: string;
  let init: CliResult;
  let build: CliResult;
  let summary: BuildSummary & { ok: boolean };

  beforeAll(async () => {
    const parent = await tempDir(`gqlambda-${name}-`);
    init = await runCli(['init', 'app', '--schema', join(repoRoot, 'fixtures/schemas/real', name, 'schema.graphql')], parent);
    root = join(parent, 'app');
    build = await runCli(['build', '--json'], root);
    summary = json(build);
  }, 240_000);

  it('is scaffolded around and generated, and a second generate finds everything up to date', async () => {
    expect(init.status, init.stderr).toBe(0);
    const check = await runCli(['generate', '--check'], root);
    expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
  }, 120_000);

  it('builds, its untouched stubs passing the type check', () => {
    expect(build.status, build.stdout).toBe(0);
    expect(summary.ok).toBe(true);
    expect(summary.steps.find((step) => step.step === 'typecheck')).toMatchObject({ step: 'typecheck' });
    expect(summary.steps.find((step) => step.step === 'typecheck')?.skipped).toBeUndefined();
    expect(summary.stubs.map((stub) => stub.field)).toContain(unimplemented);
  });

  it(`answers "Not implemented: ${unimplemented}" through the built zip`, async () => {
    const result = await runCli(['invoke', '--query', query, '--json', '--allow-errors'], root);
    expect(result.status, result.stderr).toBe(0);
    const answer = json<{ result: { statusCode: number; body: string }; resolverErrors: Array<{ message: string }> }>(result);
    expect(answer.result.statusCode).toBe(200);
    expect(JSON.parse(answer.result.body).errors[0].message).toBe('Unexpected error.');
    expect(answer.resolverErrors.map((error) => error.message)).toEqual([`Error: Not implemented: ${unimplemented}`]);
  }, 120_000);
});
