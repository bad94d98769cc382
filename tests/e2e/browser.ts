// Debian's Chromium for the end-to-end tests (playwright-core cannot download
// a browser here), with the flags of a container without a display or network.
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { signInBrowser } from '../helpers/accounts';
import { startServer, type RunningServer } from './server';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The built server on `dataDir` and a browser context signed in as `account`; stop() ends all three. */
export async function serverAndBrowser(
  dataDir: string,
  account: { email: string; password: string },
): Promise<{ server: RunningServer; browser: Browser; context: BrowserContext; stop(): Promise<void> }> {
  const [server, browser] = await Promise.all([startServer(dataDir), launchChromium()]);
  const context = await browser.newContext({ acceptDownloads: true });
  await (await signInBrowser(context, server.url, account.email, account.password)).close();
  return {
    server,
    browser,
    context,
    async stop() {
      await context.close();
      await browser.close();
      await server.stop();
    },
  };
}
