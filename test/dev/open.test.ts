/** `gqlambda dev --open`: the platform's opener, through injected dependencies (no browser is started). */
import { describe, expect, it } from 'vitest';
import { openInBrowser, type OpenDeps, type Opener } from '../../src/dev/open.js';

const URL_ = 'http://127.0.0.1:4000/graphql?a=1&b=2';

function deps(platform: NodeJS.Platform, installed: string[]): OpenDeps & { launched: Opener[] } {
  const launched: Opener[] = [];
  return { platform, onPath: (command) => installed.includes(command), launch: (opener) => launched.push(opener), launched };
}

describe('openInBrowser', () => {
  it.each([
    ['linux', 'xdg-open', [URL_]],
    ['freebsd', 'xdg-open', [URL_]],
    ['darwin', 'open', [URL_]],
    ['win32', 'cmd', ['/c', 'start', '""', 'http://127.0.0.1:4000/graphql?a=1^&b=2']],
  ] as const)('on %s runs %s with the URL', (platform, command, args) => {
    const d = deps(platform, [command]);
    expect(openInBrowser(URL_, d)).toBe(`opening ${URL_} in your browser`);
    expect(d.launched).toEqual([{ command, args }]);
  });

  it('does nothing but say so when the opener is missing', () => {
    const d = deps('linux', []);
    expect(openInBrowser(URL_, d)).toBe(`--open: no xdg-open on this machine to open a browser with; open ${URL_} yourself.`);
    expect(d.launched).toEqual([]);
  });
});
