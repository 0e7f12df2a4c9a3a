/**
 * Headless Debian chromium driven by playwright-core. `.ci/run` installs it when missing; a test that
 * needs it fails, naming the fix, rather than skipping when it cannot start.
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  try {
    return await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    });
  } catch (error) {
    throw new Error(`cannot start ${CHROMIUM} (${(error as Error).message.split('\n')[0]}); install it with \`apt-get install chromium\`, as .ci/run does.`);
  }
}
