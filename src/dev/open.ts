/**
 * `gqlambda dev --open`: the URL in the user's browser, through the platform's opener (`open` on macOS,
 * `start` on Windows, `xdg-open` elsewhere). Without one (a container, a server over SSH) it says so
 * and the server runs on.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface Opener {
  command: string;
  args: string[];
}

export interface OpenDeps {
  platform: NodeJS.Platform;
  /** Whether an executable of this name is on the PATH. */
  onPath: (command: string) => boolean;
  /** Starts the opener detached; errors (it vanished meanwhile) are reported, never thrown. */
  launch: (opener: Opener, onError: (error: Error) => void) => void;
}

export function openerFor(platform: NodeJS.Platform, url: string): Opener {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // `start` is a cmd built-in; its first quoted argument is a window title, hence the empty one.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url.replace(/&/g, '^&')] };
  return { command: 'xdg-open', args: [url] };
}

/** Opens url; returns the line to print. */
export function openInBrowser(url: string, deps: OpenDeps = defaultDeps): string {
  const opener = openerFor(deps.platform, url);
  if (!deps.onPath(opener.command)) return `--open: no ${opener.command} on this machine to open a browser with; open ${url} yourself.`;
  deps.launch(opener, (error) => process.stderr.write(`--open: ${opener.command} failed (${error.message}); open ${url} yourself.\n`));
  return `opening ${url} in your browser`;
}

const defaultDeps: OpenDeps = {
  platform: process.platform,
  onPath: (command) =>
    (process.env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .some((dir) => (process.platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : ['']).some((ext) => existsSync(join(dir, command + ext)))),
  launch: (opener, onError) => {
    const child = spawn(opener.command, opener.args, { detached: true, stdio: 'ignore' });
    child.on('error', onError);
    child.unref();
  },
};
