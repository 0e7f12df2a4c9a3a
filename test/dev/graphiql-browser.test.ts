/**
 * GraphiQL from `gqlambda dev` in a real headless chromium with every request off this machine refused:
 * the page, React and GraphiQL all come from the dev server, and a query typed into the editor is answered.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { removeTempDirs, repoRoot, scaffold } from '../build/support.js';
import { launchChromium } from '../support/browser.js';
import { startDev, stopDevServers } from './dev-process.js';

/** Screenshots for a person to look at; gitignored. */
const OUTPUT = join(repoRoot, 'test-results', 'dev');

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await removeTempDirs();
});
afterEach(stopDevServers);

describe('GraphiQL in gqlambda dev', () => {
  it('runs a typed query in a real browser, offline, with the project name as title', async () => {
    const root = await scaffold('shop-api');
    const dev = await startDev(root);
    const page = await browser.newPage();
    const offMachine: string[] = [];
    await page.route((url) => url.hostname !== '127.0.0.1', (route) => {
      offMachine.push(route.request().url());
      return route.abort();
    });

    const response = await page.goto(dev.url);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('shop-api · GraphiQL');
    const editor = page.locator('.graphiql-query-editor .CodeMirror');
    await editor.waitFor({ timeout: 30_000 });
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('{ hello }');
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/"hello": "Hello Mozilla\/5\.0 [^"]*HeadlessChrome[^"]*!"/);

    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'graphiql.png') });
    expect(offMachine).toEqual([]);
    expect(dev.output()).toMatch(/GET GraphiQL 200/);
    await page.close();
  });
});
