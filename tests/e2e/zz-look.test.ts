import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'vitest';
import { seedAccounts, signInBrowser, type Account } from '../helpers/accounts';
import { makeTempDir } from '../helpers/release-fixture';
import { DEMO_RELEASE } from './demo-release';
import { launchChromium } from './browser';
import { startServer } from './server';

const M: Account = { email: 'look@e2e.example.org', password: 'look look look look', roles: ['program_manager'], programs: ['*'] };
const SHOTS = (process.env.LOOK ?? '').split(';').filter(Boolean); // url|selector|name

it('looks', async () => {
  const { dir } = makeTempDir('look-');
  copyFileSync(DEMO_RELEASE, path.join(dir, 'release.duckdb'));
  await seedAccounts(dir, [M]);
  const server = await startServer(dir);
  const browser = await launchChromium();
  try {
    const ctx = await browser.newContext();
    await (await signInBrowser(ctx, server.url, M.email, M.password)).close();
    const noJs = await browser.newContext({ javaScriptEnabled: false, storageState: await ctx.storageState() });
    for (const shot of SHOTS) {
      const [url, selector, name] = shot.split('|');
      for (const [w, c, tag] of [[1440, ctx, 'js'], [820, ctx, 'js'], [820, noJs, 'nojs']] as const) {
        const page = await c.newPage();
        await page.setViewportSize({ width: w, height: 1000 });
        await page.goto(server.url + url);
        await page.waitForTimeout(tag === 'js' ? 800 : 100);
        await page.locator(selector!).first().screenshot({ path: `/tmp/look/${name}-${w}-${tag}.png` });
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}, 300_000);
