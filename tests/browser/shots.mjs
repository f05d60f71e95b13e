// Screenshots of the built site for a person to look at (not a test): the page at 390 px (touch,
// device pixel ratio 3) and 1366 px, light and dark, the top of the page and the Compare panel.
// Usage: node tests/browser/shots.mjs [outDir] [fragment]
import { launchChromium, startSite, settleFrames } from './harness.mjs';
import fs from 'node:fs';
import path from 'node:path';

const out = process.argv[2] || 'build/shots';
const fragment = process.argv[3] || '';
fs.mkdirSync(out, { recursive: true });
const server = await startSite(path.resolve('build/site'));
const browser = await launchChromium();
try {
  for (const scheme of ['light', 'dark']) {
    for (const [name, opts] of [
      ['phone', { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true }],
      ['desktop', { viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1 }],
    ]) {
      const ctx = await browser.newContext({ ...opts, colorScheme: scheme, locale: 'en-US' });
      const page = await ctx.newPage();
      await page.goto(server.url + 'index.html' + (fragment ? '#' + fragment : ''));
      await page.waitForFunction(() => document.documentElement.dataset.state === 'ready', null, { timeout: 60000 }).catch(() => {});
      await settleFrames(page).catch(() => {});
      await page.waitForTimeout(1500);
      const file = path.join(out, `${name}-${scheme}.png`);
      await page.screenshot({ path: file });
      console.log(file);
      await ctx.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
