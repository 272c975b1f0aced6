/**
 * The browser of the repo's browser tests: Debian's Chromium driven by playwright-core, never a browser
 * `playwright install` would download (these machines cannot). `scripts/ensure-chromium.sh` installs it;
 * each package whose tests use it runs that script first.
 */
import { type Browser, chromium } from 'playwright-core';

/** Where the Chromium binary is: `CHROMIUM_PATH`, else Debian's. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the background traffic it would start on its own turned off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
