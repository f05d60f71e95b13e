#!/usr/bin/env node
// Long-visit soak of the page, in one tab: random edits (canvas clicks and wheel, the HTML
// form, typed bad values), theme switches, resizes, share-link round trips, catalog merges
// (pasted into the Assumptions panel), a hardware run that completes and one that is
// cancelled, for a bounded time (COSTLAB_SOAK_S, default 70 s including a warm-up round that
// does each action once; then the checks, about 80 s in all). Afterwards: wasm
// memory and the JS heap (after a GC) have grown by at most the bounds below, no console or
// page error, and the twin's figures equal a fresh page opened at the same link. Prints the
// figures. Start at main(); actions are in ACTIONS.
//
//   node tests/browser/soak.mjs
// Environment: COSTLAB_SITE_DIR (default build/site), COSTLAB_SOAK_S, COSTLAB_SOAK_SEED,
// COSTLAB_CHROMIUM.
import path from 'node:path';
import assert from 'node:assert/strict';
import { Checks, findItems, launchChromium, networkGuard, openPage, readTable as readCells, repoRoot, revealItem, scrollSettled, sleep, startSite } from './harness.mjs';

const siteDir = path.resolve(repoRoot, process.env.COSTLAB_SITE_DIR || 'build/site');
// The whole soak check is bounded by this (warm-up included); random actions fill what the
// warm-up leaves, at least MIN_RANDOM_S.
const SOAK_S = Number(process.env.COSTLAB_SOAK_S || 70);
const MIN_RANDOM_S = 15;
const SEED = Number(process.env.COSTLAB_SOAK_SEED || 20261201);
// Growth allowed between the end of the warm-up round (every action done once: fonts, the
// hardware module, workers' glue and the catalog copy exist by then) and the end of the soak.
// A leak of one scenario copy, report or catalog per edit would exceed these within a few
// hundred edits; the figures printed show how far below them a run stays.
const WASM_GROWTH_BOUND = 8 * 1024 * 1024;  // bytes of wasm linear memory (it never shrinks)
const HEAP_GROWTH_BOUND = 4 * 1000 * 1000;  // bytes of JS heap in use after a forced GC (about 3 MB at the start)
const TIMEOUT = 30000;
// The link both the soaked tab and the fresh page end on.
const FINAL_LINK = '#v=2&tm=llama-3.1-8b&to=800&tb=64&im=sdxl&is=30&g=h200&pue=1.1';
const H100_PRICE = 2.99; // the built-in catalog's h100-sxm usd_per_gpu_hour (core/data)

const checks = new Checks();

// A small seeded PRNG (mulberry32), so a failing run can be replayed with its seed.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- the page's state ------------------------------------------------------------------
// The twin's cells and its summary sentence.
async function readTable(page) {
  return { ...(await readCells(page)), summary: await page.evaluate(() => document.getElementById('summary').textContent.trim()) };
}

// The page's wasm linear memory and the JS heap in use after a garbage collection.
async function memory(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => {
    const m = window.costlab.module;
    if (m.HEAPU8) return m.HEAPU8.buffer.byteLength;
    const mem = m.wasmMemory || (m.asm && m.asm.memory);
    return mem ? mem.buffer.byteLength : 0;
  });
  return { wasm, heap: usedSize };
}

// ImGui items with a label, wholly in view (the canvas and the viewport), not degenerate.
async function visibleItems(page) {
  return (await findItems(page, '')).filter((i) => i.inView && i.w > 2 && i.label !== '(nav)');
}

// A section link, as a visitor taps it: it opens a collapsed panel and scrolls to it.
async function jumpTo(page, key) {
  await page.click(`#sections [data-panel="${key}"]`);
  await scrollSettled(page, 3000);
}

async function setHash(page, hash) {
  const before = await page.evaluate(() => document.getElementById('summary').textContent);
  // (A link with bad fields is rewritten at once to its good part: no wait on location.hash.)
  await page.evaluate((h) => { location.hash = h; }, hash);
  // The twin changes unless the link shows the same figures: a short wait either way.
  await page.waitForFunction((b) => document.getElementById('summary').textContent !== b, before, { timeout: 1000 }).catch(() => {});
}

// ---- actions ---------------------------------------------------------------------------
// Canvas labels never clicked at random: downloads, the clipboard, the hardware run (run on
// purpose below) and "Use as accelerator" (it would put the measured device in the links).
// Nor anything that leaves the page (a link to the methodology or elsewhere).
const SKIP = /PNG|JSON|CSV|Save|Copy|Paste|Merge|Time my hardware|Cancel|Use as accelerator|theme|methodology|open|http/i;

function makeActions(r, stats) {
  const pick = (a) => a[Math.floor(r() * a.length)];
  const links = new Map(); // fragment -> table seen there (same catalog values)
  return {
    async click(page) { // a random visible widget: sliders, combos, checkboxes, tabs, headers
      const items = (await visibleItems(page)).filter((i) => i.label && !SKIP.test(i.label));
      if (!items.length) return;
      const it = pick(items);
      await page.mouse.click(it.px + it.w * (0.1 + 0.8 * r()), it.py + it.h / 2);
      await page.keyboard.press('Escape'); // close a combo or popup it may have opened
      stats.clicks++;
    },
    async wheel(page) {
      const box = await page.locator('#canvas').boundingBox();
      await page.mouse.move(box.x + 3, box.y + box.height / 2);
      await page.mouse.wheel(0, (r() < 0.5 ? -1 : 1) * (120 + Math.floor(r() * 600)));
      await sleep(50); // the page scrolls, and the layout with it
      stats.wheels++;
    },
    async form(page) { // the HTML form, with valid and invalid values, committed
      const field = pick(['#f-output-tokens', '#f-steps', '#f-text-batch', '#f-image-batch']);
      const value = pick(['1', '25', '800', '3000', 'max', 'default', '0', '-5', 'abc', '2e13', '']);
      // Set as typing would, then committed (the form may be folded away on a phone width).
      await page.evaluate(([sel, v]) => {
        const el = document.querySelector(sel);
        el.value = v;
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }, [field, value]);
      stats.form++;
    },
    async theme(page) {
      await page.selectOption('#theme', pick(['light', 'dark', 'auto']));
      stats.themes++;
    },
    async resize(page) {
      const [width, height] = pick([[390, 844], [800, 600], [1366, 768], [1100, 900], [1920, 1080]]);
      await page.setViewportSize({ width, height });
      stats.resizes++;
    },
    async link(page) { // share-link round trip: a link seen before shows the same figures again
      await sleep(100);
      const hash = await page.evaluate(() => location.hash);
      const known = [...links.keys()];
      if (known.length && r() < 0.6) {
        const back = pick(known);
        await setHash(page, back);
        await page.waitForFunction((h) => location.hash === h, back, { timeout: TIMEOUT });
        await sleep(200);
        const now = await readTable(page);
        assert.deepEqual(now, links.get(back), `the link ${back} reopened other figures`);
        stats.roundTrips++;
      } else if (hash && hash !== '#') {
        links.set(hash, await readTable(page));
      }
      // And a link with a bad field: the good ones apply, the page names the bad one.
      if (r() < 0.3) {
        await setHash(page, '#v=2&is=40&to=banana');
        await page.waitForFunction(() => /output_tokens/.test(document.getElementById('status').textContent), null, { timeout: TIMEOUT });
        stats.badLinks++;
      }
      stats.links++;
    },
    async merge(page) { // a catalog pasted into Assumptions and merged, then the original back
      const before = await readTable(page);
      for (const price of [1 + Math.round(r() * 500) / 100, H100_PRICE]) {
        const catalog = JSON.stringify({ accelerators: [{ id: 'h100-sxm', usd_per_gpu_hour: price }] });
        // As a paste would: the system clipboard and the page's paste event both hold it.
        await page.evaluate((t) => {
          const dt = new DataTransfer();
          dt.setData('text/plain', t);
          document.getElementById('canvas').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true }));
          return navigator.clipboard.writeText(t);
        }, catalog);
        // A random click may have folded the panel: its section link opens it again.
        await jumpTo(page, 'assumptions');
        const paste = await revealItem(page, 'Paste', { exact: true, fromTop: false });
        await page.mouse.click(paste.px + paste.w / 2, paste.py + paste.h / 2);
        await sleep(150);
        const merge = await revealItem(page, 'Merge into the catalog', { exact: true, fromTop: false });
        await page.mouse.click(merge.px + merge.w / 2, merge.py + merge.h / 2);
        await sleep(200);
      }
      // The original price is back: the same figures as before the two merges.
      assert.deepEqual(await readTable(page), before, 'merging the original price back restores the figures');
      stats.merges++;
    },
  };
}

// ---- main ------------------------------------------------------------------------------
async function main() {
  const site = await startSite(siteDir);
  const base = site.url;
  const { external, guard } = networkGuard();
  let chromium = null;
  try {
    // Without WebGPU (as most of the suite): the hardware runs time the CPU only, which keeps
    // the completed run short; tests/browser/run.mjs covers the WebGPU path.
    chromium = await launchChromium();
    const context = await chromium.newContext({ viewport: { width: 1100, height: 900 }, locale: 'en-US' });
    await guard(context);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base.replace(/\/$/, '') });
    const { page, problems } = await openPage(context, base + 'index.html#v=2&to=1200',
      { init: () => { window.costlabHardwareBudgetS = 2; }, timeout: TIMEOUT });
    await page.waitForSelector('html[data-canvas="drawn"]');
    await page.waitForSelector('html[data-state="ready"]');
    const cdp = await context.newCDPSession(page);
    const r = rng(SEED);
    const stats = { clicks: 0, wheels: 0, form: 0, themes: 0, resizes: 0, links: 0, roundTrips: 0, badLinks: 0, merges: 0, hardware: 0, actions: 0 };
    const actions = makeActions(r, stats);
    const weights = [['click', 30], ['wheel', 15], ['form', 20], ['theme', 8], ['resize', 8], ['link', 15], ['merge', 1.5]];
    const total = weights.reduce((s, [, w]) => s + w, 0);
    const choose = () => {
      let x = r() * total;
      for (const [name, w] of weights) if ((x -= w) < 0) return name;
      return 'click';
    };

    let start = null, end = null;
    await checks.check(`soak: ${SOAK_S} s of random edits, themes, resizes, links, catalog merges and two hardware runs in one tab`, async () => {
      const tCheck = Date.now();
      const loaded = await memory(page, cdp); // for the record: the bounds start after the warm-up
      // Warm-up round: every action once, and a hardware run that completes.
      const warm = {};
      for (const name of Object.keys(actions)) {
        const t = Date.now();
        await actions[name](page);
        warm[name] = Date.now() - t;
      }
      const th = Date.now();
      await page.evaluate(() => window.costlab.startHardware());
      await page.waitForFunction(() => { const s = window.costlab.hardware(); return !s.running && (s.has_result || s.message); }, null, { timeout: 120000 });
      warm.hardware = Date.now() - th;
      checks.note(`warm-up ms per action: ${JSON.stringify(warm)}`);
      const done = await page.evaluate(() => window.costlab.hardware());
      assert.ok(done.has_result, `the hardware run completes: ${done.message}`);
      stats.hardware++;
      start = await memory(page, cdp);

      const t0 = Date.now();
      const warmupS = (t0 - tCheck) / 1000;
      const randomS = Math.max(MIN_RANDOM_S, SOAK_S - warmupS);
      let cancelled = false;
      while (Date.now() - t0 < randomS * 1000) {
        if (!cancelled && Date.now() - t0 > randomS * 500) { // half way: start one and cancel it
          await page.evaluate(() => window.costlab.startHardware());
          await page.waitForFunction(() => { const s = window.costlab.hardware(); return s.running && s.progress > 0; }, null, { timeout: 60000 });
          await actions.click(page); // the page keeps reacting while it runs
          await page.evaluate(() => window.costlab.cancelHardware());
          await page.waitForFunction(() => !window.costlab.hardware().running, null, { timeout: 30000 });
          assert.match((await page.evaluate(() => window.costlab.hardware())).message, /Cancel/i);
          stats.hardware++;
          cancelled = true;
        }
        await actions[choose()](page);
        stats.actions++;
      }
      // End on a known link, at a known size and theme.
      await page.setViewportSize({ width: 1100, height: 900 });
      await page.selectOption('#theme', 'light');
      await setHash(page, FINAL_LINK);
      await page.waitForFunction((h) => location.hash === h, FINAL_LINK);
      await sleep(500);
      end = await memory(page, cdp);
      const mib = (b) => (b / 1048576).toFixed(1) + ' MiB';
      const mb = (b) => (b / 1e6).toFixed(1) + ' MB';
      checks.note(`soak: warm-up ${warmupS.toFixed(0)} s, then ${stats.actions} random actions in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${JSON.stringify(stats)}`);
      checks.note(`at load: wasm memory ${mib(loaded.wasm)}, JS heap after GC ${mb(loaded.heap)}`);
      checks.note(`wasm memory ${mib(start.wasm)} -> ${mib(end.wasm)} (+${mib(end.wasm - start.wasm)}, bound ${mib(WASM_GROWTH_BOUND)}); ` +
                  `JS heap after GC ${mb(start.heap)} -> ${mb(end.heap)} (${end.heap >= start.heap ? '+' : ''}${mb(end.heap - start.heap)}, bound ${mb(HEAP_GROWTH_BOUND)})`);
      assert.ok(start.wasm > 0, 'the wasm memory is readable');
      assert.ok(end.wasm - start.wasm <= WASM_GROWTH_BOUND, `wasm memory grew by ${mib(end.wasm - start.wasm)}`);
      assert.ok(end.heap - start.heap <= HEAP_GROWTH_BOUND, `the JS heap grew by ${mb(end.heap - start.heap)}`);
      assert.ok(stats.roundTrips > 0 && stats.merges > 0, 'the soak did round trips and merges');
      assert.deepEqual(problems, []);
    });

    await checks.check('after the soak the figures equal a fresh page opened at the same link', async () => {
      const soaked = await readTable(page);
      const { page: fresh, problems: freshProblems } = await openPage(context, base + 'index.html' + FINAL_LINK, { timeout: TIMEOUT });
      await fresh.waitForSelector('html[data-canvas="drawn"]');
      await sleep(300);
      const clean = await readTable(fresh);
      assert.ok(Object.keys(clean).length > 10, 'the twin has figures');
      assert.deepEqual(soaked, clean);
      assert.equal(await fresh.evaluate(() => location.hash), FINAL_LINK);
      assert.deepEqual(freshProblems, []);
      await fresh.close();
      assert.deepEqual(external, [], 'no request left 127.0.0.1');
    });
  } finally {
    if (chromium) await chromium.close().catch(() => {});
    await site.stop();
  }
  process.exit(checks.summary() ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
