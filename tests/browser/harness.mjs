// Helpers for the browser tests: a tiny check runner (Checks, runSuite), the static server as
// a child process, headless Debian Chromium through playwright-core (TOOLCHAIN.md flags), a
// PNG reader for screenshots (WebGL canvases are read back from what the compositor shows), a
// watched page (openPage) and the canvas's widgets: found by label through the GUI's test hook
// (findItems), scrolled into view by scrolling the page (revealItem), clicked, tapped, dragged
// and typed into (clickItem, tapItem, swipe, dragItem, typeInto). Every suite uses these.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// ---- checks ----------------------------------------------------------------------------
export class Checks {
  constructor() {
    this.results = [];
  }
  // Runs fn; a throw (assert or otherwise) is a FAIL with its message. Returns fn's value.
  async check(name, fn) {
    const t0 = Date.now();
    try {
      const value = await fn();
      this.results.push({ name, ok: true });
      console.log(`PASS ${name} (${Date.now() - t0} ms)`);
      return value;
    } catch (e) {
      this.results.push({ name, ok: false, error: e });
      console.log(`FAIL ${name}: ${(e && e.message) || e}`);
      return undefined;
    }
  }
  note(text) {
    console.log(`NOTE ${text}`);
  }
  get failed() {
    return this.results.filter((r) => !r.ok);
  }
  summary() {
    const f = this.failed.length;
    console.log(`\n${this.results.length - f} passed, ${f} failed`);
    for (const r of this.failed) console.log(`  failed: ${r.name}`);
    return f === 0;
  }
}

// A suite's body inside the common ending: a throw outside any check is a FAIL "harness";
// the browser is closed and the server stopped whatever happens; then the summary and the exit
// code (1 on any failure). external: networkGuard()'s list, checked empty at the end as "no
// request leaves 127.0.0.1".
export async function runSuite(checks, { body, browser, server, external }) {
  try {
    await body();
    if (external) await checks.check('no request leaves 127.0.0.1', async () => {
      if (external.length) throw new Error(`requests to other hosts: ${[...new Set(external)].join(', ')}`);
    });
  } catch (e) {
    checks.results.push({ name: 'harness', ok: false, error: e });
    console.log(`FAIL harness: ${e && e.stack || e}`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop();
  }
  process.exit(checks.summary() ? 0 : 1);
}

export function closeEnough(a, b, rel = 1e-9) {
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) return false;
  if (a === b) return true;
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
}

// ---- the server ------------------------------------------------------------------------
// Starts scripts/serve.mjs on a free port; resolves to {url, stop()}.
export function startServer(siteDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts/serve.mjs'), siteDir, '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`server did not start in 10 s: ${out}${err}`));
    }, 10000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', done);
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}): ${out}${err}`));
    });
  });
}

// The built site served: a FAIL line and exit 1 when siteDir has no index.html (not built yet).
export function startSite(siteDir) {
  if (!fs.existsSync(path.join(siteDir, 'index.html'))) {
    console.log(`FAIL site: ${siteDir}/index.html is missing; build it first (cmake --build --preset web-release)`);
    process.exit(1);
  }
  return startServer(siteDir);
}

// ---- the browser -----------------------------------------------------------------------
export const chromiumPath = process.env.COSTLAB_CHROMIUM || '/usr/bin/chromium';

// Flags that worked headless as root here (TOOLCHAIN.md). playwright adds --headless and
// the user-data dir itself.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--metrics-recording-only',
  '--no-pings',
];

async function playwright() {
  try {
    return await import('playwright-core');
  } catch (e) {
    throw new Error(`playwright-core is not installed (run scripts/deps.sh or npm ci): ${e.message}`);
  }
}

// One browser with a fresh profile (a persistent context on a temp dir), as the first tests
// used it.
export async function launchBrowser(extraArgs = []) {
  const { chromium } = await playwright();
  if (!fs.existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath} (scripts/deps.sh installs it)`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'costlab-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [...chromiumArgs, ...extraArgs],
    viewport: { width: 1100, height: 900 },
    locale: 'en-US',
    timeout: 60000,
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

// A browser for several contexts (HiDPI, phone): chromium.launch uses its own temp profile.
export async function launchChromium(extraArgs = []) {
  const { chromium } = await playwright();
  if (!fs.existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath} (scripts/deps.sh installs it)`);
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: [...chromiumArgs, ...extraArgs], timeout: 60000 });
}

// ---- PNG ---------------------------------------------------------------------------------
// Decodes an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium's screenshots are) into
// {width, height, channels, data}.
export function decodePng(buf) {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8;
  let width = 0, height = 0, colorType = 0, depth = 0, interlace = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      depth = body[8];
      colorType = body[9];
      interlace = body[12];
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  if (depth !== 8 || (colorType !== 2 && colorType !== 6) || interlace) throw new Error(`unsupported PNG (depth ${depth}, color ${colorType}, interlace ${interlace})`);
  const channels = colorType === 6 ? 4 : 3;
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const data = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? data[y * stride + x - channels] : 0;
      const b = y > 0 ? data[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? data[(y - 1) * stride + x - channels] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      data[y * stride + x] = v & 255;
    }
  }
  return { width, height, channels, data };
}

// How a picture looks: distinct colours (quantized) and the share of pixels that differ from
// the most common colour (the background).
export function pixelStats(img) {
  const counts = new Map();
  const n = img.width * img.height;
  for (let i = 0; i < n; i++) {
    const o = i * img.channels;
    const key = ((img.data[o] >> 3) << 10) | ((img.data[o + 1] >> 3) << 5) | (img.data[o + 2] >> 3);
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  let top = 0;
  for (const c of counts.values()) top = Math.max(top, c);
  return { colors: counts.size, nonBackground: 1 - top / n };
}

// Records every request a browser context makes and aborts any that would leave 127.0.0.1
// (no test may reach the internet, and the page must not try). `external` lists the aborted.
export function networkGuard() {
  const requests = [];
  const external = [];
  async function guard(context) {
    await context.route((url) => url.hostname !== '127.0.0.1' && !['data:', 'blob:', 'about:'].includes(url.protocol), (route) => {
      external.push(route.request().url());
      return route.abort();
    });
    context.on('request', (r) => requests.push(r.url()));
  }
  return { requests, external, guard };
}


// The twin's rows that hold a number (data-value) for both workloads, as in the JSON report.
export const FIGURES = ['seconds_per_query', 'gpu_seconds_per_query', 'usd_per_query', 'gpu_energy_wh',
                        'it_energy_wh', 'facility_energy_wh', 'co2_g_per_query', 'water_l_per_query',
                        'embodied_co2_g_per_query'];

// ---- a page of the site ------------------------------------------------------------------
// A new page of `context` whose console errors, page errors and failed requests are collected
// in `problems` (a test asserts it stays empty).
export async function newWatchedPage(context, timeout = 20000) {
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText || ''}`));
  return { page, problems };
}

// Opens url in a new page of `context` with console errors, page errors and failed requests
// collected in `problems`; waits until the twin shows numbers and (unless noCanvas) the canvas
// has drawn its first frame or said why it cannot. init: a script run before the page's own.
export async function openPage(context, url, { init, noCanvas = false, timeout = 20000 } = {}) {
  const { page, problems } = await newWatchedPage(context, timeout);
  if (init) await page.addInitScript(init);
  await page.goto(url);
  await page.waitForSelector('html[data-state]:not([data-state="loading"])');
  if (!noCanvas && (await page.getAttribute('html', 'data-state')) === 'ready') await page.waitForSelector('html[data-canvas]');
  return { page, problems };
}

export const hashOf = (page) => new URL(page.url()).hash;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Every cell of the HTML twin: {"text.usd_per_query": {text, value}, ...}; value is null
// where the cell has no data-value (a hatched or absent figure).
export function readTable(page) {
  return page.evaluate(() => {
    const out = {};
    for (const td of document.querySelectorAll('#results td[data-workload]')) {
      const key = `${td.dataset.workload}.${td.closest('tr').dataset.metric}`;
      out[key] = { text: td.textContent.trim(), value: td.hasAttribute('data-value') ? Number(td.dataset.value) : null };
    }
    return out;
  });
}

// ---- the canvas's widgets ----------------------------------------------------------------
// ImGui items whose label contains `needle` (test hook costlab_test_find_items in
// gui/platform_web.cpp: one frame drawn with ImGui's item hooks), in viewport coordinates
// (px, py), and cy: from the top of the whole layout (where the page has scrolled it: the
// stage's top above the viewport, up to what the canvas can show). inView: wholly inside the
// canvas and the viewport, not clipped.
export async function findItems(page, needle) {
  return page.evaluate((n) => {
    const c = document.getElementById('canvas'), stage = document.getElementById('stage');
    const r = c.getBoundingClientRect();
    const off = Math.max(0, Math.min(stage.offsetHeight - c.offsetHeight, -stage.getBoundingClientRect().top));
    const items = JSON.parse(window.costlab.module.ccall('costlab_test_find_items', 'string', ['string'], [n]));
    return items.map((i) => {
      const px = r.left + i.x, py = r.top + i.y;
      const inCanvas = i.y >= 0 && i.y + i.h <= r.height;
      return { ...i, px, py, cy: i.y + off, inCanvas, inView: i.visible && inCanvas && py >= 4 && py + i.h <= window.innerHeight - 4 };
    });
  }, needle);
}

// Two animation frames: the page's scroll event has reached the app and a frame was drawn.
export function settleFrames(page) {
  return page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

// Waits until window.scrollY stops moving (a smooth scroll or a fling has ended).
export async function scrollSettled(page, ms = 4000) {
  let last = -1, same = 0;
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    const y = await page.evaluate(() => window.scrollY);
    same = y === last ? same + 1 : 0;
    if (same >= 3) return y;
    last = y;
    await sleep(60);
  }
  return last;
}

// Scrolls the page (which scrolls the canvas's layout, web/app.js pageScroll) until the item
// is in view, mid-screen where the page can put it; returns it. Items far out of view are not
// laid out, so it searches down from the top (or from where the page is, with fromTop false).
// exact: the label must equal the needle; pick(items) chooses among the matches (laid out in
// the order drawn, top to bottom within a panel).
export async function revealItem(page, needle, { exact = false, pick = (items) => items[0], fromTop = true } = {}) {
  if (fromTop) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await settleFrames(page);
  }
  const vh = await page.evaluate(() => window.innerHeight);
  for (let i = 0; i < 200; i++) {
    const it = pick((await findItems(page, needle)).filter((x) => !exact || x.label === needle));
    if (it && it.inView) return it;
    const d = it && it.visible ? Math.round(it.py + it.h / 2 - vh / 2) : Math.round(vh * 0.5);
    const before = await page.evaluate(() => window.scrollY);
    await page.evaluate((dy) => window.scrollBy(0, dy), d);
    await settleFrames(page);
    if ((await page.evaluate(() => window.scrollY)) === before && !(it && it.visible)) break; // the end of the page
  }
  throw new Error(`could not find or scroll "${needle}" into view`);
}

// A point inside an item: fx of the way across (a checkbox's box is at its left end), mid-height.
const at = (it, fx) => ({ x: it.px + (fx === undefined ? Math.min(it.w / 2, 40) : it.w * fx), y: it.py + it.h / 2 });

// A mouse click on the item `needle` (found and scrolled into view as revealItem does).
export async function clickItem(page, needle, opts = {}) {
  const it = await revealItem(page, needle, opts);
  const p = at(it, opts.fx);
  await page.mouse.click(p.x, p.y);
  return it;
}

// A finger's tap on an item already found (in view).
export function tapItem(page, it, fx) {
  const p = at(it, fx);
  return page.touchscreen.tap(p.x, p.y);
}

// One finger through CDP: down at (x0, y0), moved in `steps` to (x1, y1), `ms` apart, lifted.
// Chromium turns these into pointer events and, for a vertical swipe, its own scrolling and
// fling; the timestamps give it the finger's speed at the lift.
export async function swipe(cdp, x0, y0, x1, y1, steps = 10, ms = 16) {
  const t0 = Date.now() / 1000;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: x0, y: y0 }], timestamp: t0 });
  for (let i = 1; i <= steps; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', timestamp: t0 + i * ms / 1000,
      touchPoints: [{ x: x0 + (x1 - x0) * i / steps, y: y0 + (y1 - y0) * i / steps }] });
    await sleep(ms);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [], timestamp: t0 + (steps + 1) * ms / 1000 });
}

// A sideways finger drag over an item (a slider), from `from` to `to` of its width.
export function dragItem(cdp, it, from = 0.2, to = 0.8) {
  const y = it.py + it.h / 2;
  return swipe(cdp, it.px + it.w * from, y, it.px + it.w * to, y, 12, 20);
}

// Types `text` into the canvas's number box `needle` (a "##<field> typed" label) with the mouse
// and keyboard: a click selects its whole text, Ctrl+A as well, then the text and Enter.
// Resolves once the box has let go of the keyboard.
export async function typeInto(page, needle, text) {
  await clickItem(page, needle, { exact: true, fx: 0.5 });
  await page.waitForFunction(() => window.costlab.info().wantText);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !window.costlab.info().wantText);
}
