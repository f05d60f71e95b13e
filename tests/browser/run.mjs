#!/usr/bin/env node
// Browser tests of the built site: headless Debian Chromium (playwright-core) against
// scripts/serve.mjs serving build/site on 127.0.0.1. Prints PASS/FAIL per check and NOTE lines
// with the measured figures (download size, time to first frame, frame time while dragging);
// exits 1 on any failure.
//
//   node tests/browser/run.mjs
// Environment:
//   COSTLAB_SITE_DIR  the built site (default build/site)
//   COSTLAB_CLI       the native CLI (build/native/cli/costlab): the page's numbers must
//                     equal `costlab compare --format json`; that check is skipped, with a
//                     note, when unset
//   COSTLAB_CHROMIUM  the browser (default /usr/bin/chromium)
//   COSTLAB_ARTIFACTS where screenshots go (default build/test-artifacts)
//   COSTLAB_SKIP_HW=1 skips the two hardware-benchmark checks (they take ~20 s)
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import assert from 'node:assert/strict';
import { Checks, FIGURES, closeEnough, decodePng, dragItem, findItems, hashOf, launchBrowser, launchChromium, networkGuard, openPage, pixelStats, readTable, repoRoot, revealItem, settleFrames, sleep, startServer } from './harness.mjs';

const siteDir = path.resolve(repoRoot, process.env.COSTLAB_SITE_DIR || 'build/site');
const artifacts = path.resolve(repoRoot, process.env.COSTLAB_ARTIFACTS || 'build/test-artifacts');
const cli = process.env.COSTLAB_CLI ? path.resolve(repoRoot, process.env.COSTLAB_CLI) : '';

const GZIP_BUDGET_BYTES = 345 * 1000; // the same with gzip (hosts without Brotli)
const BUDGET_BYTES = 300 * 1000;    // a first visit, everything the page downloads, compressed
const HW_BUDGET_BYTES = 45 * 1000;  // "time my hardware" on demand: kernels module and modules
const IDLE_FRAMES = 3;           // at most, in the 2 s after the last input

const checks = new Checks();

// ---- helpers ---------------------------------------------------------------------------
function httpGet(url, headers = {}, rawPath = null) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    // rawPath goes out exactly as written (no normalisation), to probe traversal.
    const req = http.request({ host: u.hostname, port: u.port, path: rawPath || u.pathname, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function sameNumbers(a, b) {
  for (const w of ['text', 'image']) {
    for (const f of FIGURES) {
      const k = `${w}.${f}`;
      assert.equal(a[k].value, b[k].value, `${k}: ${a[k].value} vs ${b[k].value}`);
      assert.equal(a[k].text, b[k].text, `${k} shown as "${a[k].text}" vs "${b[k].text}"`);
    }
  }
}

// Every request is recorded; anything not on 127.0.0.1 is aborted (harness.mjs).
const { requests, external, guard } = networkGuard();

async function statusOf(page) {
  return page.evaluate(() => {
    const s = document.getElementById('status');
    return { hidden: s.hidden, kind: s.getAttribute('data-kind'), text: s.textContent, items: s.querySelectorAll('li').length };
  });
}

const frameCount = (page) => page.evaluate(() => window.costlabFrames);

// findItems and revealItem (harness.mjs) scroll the page, which scrolls the canvas's layout.

async function canvasPixels(page, file) {
  const png = await page.locator('#canvas').screenshot(file ? { path: file } : {});
  return { ...pixelStats(decodePng(png)), png };
}

// Frames drawn in the 2 s after the last input.
async function framesAfter(page, ms = 2000) {
  const f0 = await frameCount(page);
  await sleep(ms);
  return (await frameCount(page)) - f0;
}

// Drags the slider `needle` from 15% to 85% of its width in `steps` moves; returns the CPU
// time per frame (ms) of the frames drawn meanwhile and the frame rate.
async function dragSlider(page, needle, steps = 24, from = 0.15, to = 0.85) {
  const s = await revealItem(page, needle);
  const y = s.py + s.h / 2;
  const before = await page.evaluate(() => ({ n: window.costlabFrameTimes.length, f: window.costlabFrames }));
  const t0 = Date.now();
  await page.mouse.move(s.px + s.w * from, y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(s.px + s.w * (from + (to - from) * i / steps), y);
    await sleep(16);
  }
  await page.mouse.up();
  const wall = Date.now() - t0;
  const after = await page.evaluate((b) => ({ times: window.costlabFrameTimes.slice(-(window.costlabFrames - b.f)), f: window.costlabFrames }), before);
  return { times: after.times, frames: after.f - before.f, wall };
}

const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length ? s[Math.floor(s.length / 2)] : NaN; };
const pct = (a, p) => { const s = [...a].sort((x, y) => x - y); return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * p))] : NaN; };

// ---- the checks ------------------------------------------------------------------------
async function main() {
  if (!fs.existsSync(path.join(siteDir, 'index.html'))) {
    console.log(`FAIL site: ${siteDir}/index.html is missing; build it first: cmake --preset web-release && cmake --build --preset web-release`);
    process.exit(1);
  }
  fs.mkdirSync(artifacts, { recursive: true });
  const server = await startServer(siteDir);
  const base = server.url;
  let browser = null;
  let chromium = null;
  try {
    await checks.check('server: MIME types, gzip, no traversal', async () => {
      const index = await httpGet(base);
      assert.equal(index.status, 200);
      assert.match(index.headers['content-type'], /^text\/html/);
      const wasm = await httpGet(base + 'costlab.wasm');
      assert.equal(wasm.status, 200);
      assert.equal(wasm.headers['content-type'], 'application/wasm');
      assert.equal(wasm.headers['content-encoding'], undefined, 'no gzip unless asked');
      assert.deepEqual([...wasm.body.subarray(0, 4)], [0, 0x61, 0x73, 0x6d], 'wasm magic');
      const gz = await httpGet(base + 'costlab.wasm', { 'Accept-Encoding': 'gzip, deflate' });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.equal(gz.headers['content-type'], 'application/wasm');
      assert.ok(gz.body.length < wasm.body.length, 'gzipped body is smaller');
      assert.deepEqual([...gz.body.subarray(0, 2)], [0x1f, 0x8b], 'gzip magic');
      assert.ok(zlib.gunzipSync(gz.body).equals(wasm.body), 'gzip twin = the file');
      const br = await httpGet(base + 'costlab.wasm', { 'Accept-Encoding': 'gzip, deflate, br' });
      assert.equal(br.headers['content-encoding'], 'br', 'Brotli when the browser takes it');
      assert.ok(br.body.length < gz.body.length, 'Brotli is smaller than gzip');
      assert.ok(zlib.brotliDecompressSync(br.body).equals(wasm.body), 'brotli twin = the file');
      assert.equal((await httpGet(base + 'costlab.wasm', { 'Accept-Encoding': 'br;q=0, gzip' })).headers['content-encoding'], 'gzip');
      const js = await httpGet(base + 'costlab.js');
      assert.match(js.headers['content-type'], /^text\/javascript/);
      for (const p of ['/../package.json', '/..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/../../etc/passwd', '/%00']) {
        const r = await httpGet(base, {}, p);
        assert.notEqual(r.status, 200, `${p} must not be served`);
      }
      assert.equal((await httpGet(base + 'no-such-file.js')).status, 404);
    });

    browser = await launchBrowser();
    const { context } = browser;
    await guard(context);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base.replace(/\/$/, '') });

    // 1. The default page.
    let defaults = null;
    let defaultPage = null;
    await checks.check('page loads with no console errors, draws the canvas and fills the HTML twin', async () => {
      const { page: page2, problems } = await openPage(context, base);
      defaultPage = page2;
      assert.equal(await page2.getAttribute('html', 'data-state'), 'ready');
      assert.equal(await page2.getAttribute('html', 'data-canvas'), 'drawn');
      assert.equal(await page2.title(), 'costlab — what one AI image costs next to one chat reply');
      const st = await statusOf(page2);
      assert.ok(st.hidden, `no message expected, got: ${st.text}`);
      defaults = await readTable(page2);
      for (const w of ['text', 'image']) {
        for (const f of FIGURES) {
          const c = defaults[`${w}.${f}`];
          assert.ok(c.text.length > 0 && !/NaN|undefined|null/.test(c.text), `${w}.${f} shows "${c.text}"`);
          assert.ok(Number.isFinite(c.value) && c.value > 0, `${w}.${f} = ${c.value}`);
        }
        assert.match(defaults[`${w}.bound`].text, /bound$/);
        assert.match(defaults[`${w}.memory`].text, /fit/);
      }
      assert.match(defaults['text.usd_per_query'].text, /\$/);
      assert.match(defaults['text.gpu_energy_wh'].text, /Wh/);
      const summary = await page2.textContent('#summary');
      assert.match(summary, /^One image costs as much as [\d.,]+ (of a )?chat repl/);
      assert.equal(await page2.getAttribute('#summary', 'aria-live'), 'polite');
      const inputs = await page2.textContent('#inputs');
      assert.match(inputs, /1024×1024/);
      assert.match(inputs, /500 out/);
      assert.equal(await page2.inputValue('#f-output-tokens'), '500');
      assert.ok(await page2.isHidden('#placeholder'), 'the loading placeholder is gone');
      const px = await canvasPixels(page2, path.join(artifacts, 'costlab-canvas.png'));
      assert.ok(px.colors >= 8 && px.nonBackground > 0.02, `the canvas looks blank: ${px.colors} colours, ${(px.nonBackground * 100).toFixed(1)}% drawn`);
      await page2.screenshot({ path: path.join(artifacts, 'costlab-default.png'), fullPage: true });
      const ttff = await page2.evaluate(() => window.costlabFirstFrameMs);
      checks.note(`time to first frame (headless Chromium, SwiftShader WebGL, performance.now() from navigation): ${ttff.toFixed(0)} ms`);
      assert.deepEqual(problems, []);
    });

    // 2. The same numbers as the native CLI.
    if (!cli) {
      checks.note('COSTLAB_CLI is not set: skipping "page numbers equal the native CLI" (set COSTLAB_CLI=build/native/cli/costlab)');
    } else {
      await checks.check('twin numbers equal `costlab compare --format json` (1e-9 relative)', async () => {
        assert.ok(defaults, 'default page did not load');
        const out = execFileSync(cli, ['compare', '--format', 'json'], { encoding: 'utf8' });
        const parsed = JSON.parse(out);
        const report = parsed.report && parsed.report.text ? parsed.report : parsed;
        for (const w of ['text', 'image']) {
          for (const f of FIGURES) {
            const native = report[w][f];
            const page = defaults[`${w}.${f}`].value;
            assert.ok(closeEnough(page, native), `${w}.${f}: page ${page} vs CLI ${native}`);
          }
        }
      });
    }

    // The video workload on (ve=1): the twin gains its column, each figure as the CLI gives it.
    await checks.check('the video workload in the twin: its column appears with the CLI\'s figures', async () => {
      assert.ok(await defaultPage.isHidden('#results th.video-col'), 'no video column by default');
      const { page, problems } = await openPage(context, base + '#v=2&ve=1&vm=wan-2.1-1.3b');
      await page.waitForFunction(() => !document.querySelector('#results th.video-col').hidden, null, { timeout: 20000 });
      const t = await readTable(page);
      for (const f of FIGURES) {
        const c = t[`video.${f}`];
        assert.ok(c && Number.isFinite(c.value) && c.value > 0 && !/NaN|undefined|null/.test(c.text), `video.${f} shows "${c && c.text}"`);
      }
      assert.match(t['video.queries_per_second'].text, /videos\/s/);
      if (cli) {
        const out = JSON.parse(execFileSync(cli, ['compare', '--fragment', 'v=2&ve=1&vm=wan-2.1-1.3b', '--format', 'json'], { encoding: 'utf8' }));
        const report = out.report && out.report.video ? out.report : out;
        for (const f of FIGURES) assert.ok(closeEnough(t[`video.${f}`].value, report.video[f]), `video.${f}: page ${t[`video.${f}`].value} vs CLI ${report.video[f]}`);
      }
      assert.deepEqual(problems, []);
      await page.close();
    });

    await checks.check('build-time defaults (<noscript> table, loading placeholder) match the core', async () => {
      const r = await defaultPage.evaluate(() => {
        const ns = document.querySelector('noscript:not(head noscript)');
        const doc = new DOMParser().parseFromString(ns.textContent, 'text/html');
        const rows = {};
        for (const tr of doc.querySelectorAll('tbody tr')) rows[tr.dataset.metric] = [...tr.cells].map((c) => c.textContent);
        const core = window.costlab.api.evaluateJson(JSON.stringify(window.costlab.api.defaultScenario()));
        return { rows, display: core.display, caption: doc.querySelector('caption').textContent,
                 placeholder: document.getElementById('placeholder').textContent };
      });
      for (const f of FIGURES) {
        assert.ok(r.rows[f], `no <noscript> row for ${f}`);
        assert.equal(r.rows[f][1], r.display.text[f], `${f} (text): build time "${r.rows[f][1]}" vs core "${r.display.text[f]}"`);
        assert.equal(r.rows[f][2], r.display.image[f], `${f} (image): build time "${r.rows[f][2]}" vs core "${r.display.image[f]}"`);
      }
      assert.match(r.caption, /one image costs as much as \d+ chat replies/);
      assert.ok(r.placeholder.includes(r.display.image.usd_per_query) && r.placeholder.includes(r.display.text.usd_per_query), r.placeholder);
    });

    await checks.check(`download size: a first visit <= ${BUDGET_BYTES / 1000} KB compressed, "time my hardware" <= ${HW_BUDGET_BYTES / 1000} KB more`, async () => {
      // What a first visit transfers, measured from the server's responses (gzip where the
      // browser asks), plus "time my hardware", which loads on demand.
      const page = await context.newPage();
      const got = new Map();
      page.on('response', async (resp) => {
        const u = new URL(resp.url());
        if (u.hostname !== '127.0.0.1') return;
        const len = Number((await resp.allHeaders())['content-length'] || 0);
        got.set(u.pathname, { bytes: len, enc: (await resp.allHeaders())['content-encoding'] || 'identity' });
      });
      await page.goto(base, { waitUntil: 'networkidle' });
      await page.waitForSelector('html[data-canvas="drawn"]');
      await page.close();
      let total = 0;
      const lines = [];
      for (const [p, v] of [...got.entries()].sort()) {
        total += v.bytes;
        lines.push(`${p} ${v.bytes} B (${v.enc})`);
      }
      let hw = 0;
      const hwDir = path.join(siteDir, 'hw');
      if (fs.existsSync(hwDir)) {
        for (const f of fs.readdirSync(hwDir)) {
          // What the benchmark fetches: modules, workers, one of the two kernel modules.
          if (f.endsWith('.br') && !f.startsWith('check.html') && !f.startsWith('costlab_kernels.wasm')) hw += fs.statSync(path.join(hwDir, f)).size;
        }
      }
      checks.note(`first visit: ${(total / 1000).toFixed(1)} KB compressed: ${lines.join('; ')}`);
      checks.note(`"time my hardware" adds ${(hw / 1000).toFixed(1)} KB on demand; with it ${((total + hw) / 1000).toFixed(1)} KB`);
      assert.ok(got.has('/costlab.wasm') && got.get('/costlab.wasm').enc === 'br', 'the module is served compressed (Brotli)');
      assert.ok(total <= BUDGET_BYTES, `first visit ${total} bytes > ${BUDGET_BYTES}`);
      // gzip, for hosts without Brotli: the same files' .gz twins.
      let gz = 0;
      for (const p of got.keys()) {
        const f = path.join(siteDir, p === '/' ? 'index.html' : p.slice(1));
        gz += fs.existsSync(f + '.gz') ? fs.statSync(f + '.gz').size : fs.existsSync(f) ? fs.statSync(f).size : 0;
      }
      checks.note(`first visit with gzip: ${(gz / 1000).toFixed(1)} KB`);
      assert.ok(gz <= GZIP_BUDGET_BYTES, `first visit ${gz} bytes gzip > ${GZIP_BUDGET_BYTES}`);
      assert.ok(hw <= HW_BUDGET_BYTES, `"time my hardware" ${hw} bytes > ${HW_BUDGET_BYTES}`);
    });

    // 3. Input on the canvas changes the twin and the fragment.
    let afterClick = null;
    await checks.check('a click on the canvas (image size 512 x 512) changes the twin and the link', async () => {
      const page = defaultPage;
      const before = await readTable(page);
      const b = await revealItem(page, '512 x 512');
      await page.mouse.click(b.px + b.w / 2, b.py + b.h / 2);
      await page.waitForFunction((v) => document.querySelector('tr[data-metric="usd_per_query"] td[data-workload="image"]').dataset.value !== v,
        String(before['image.usd_per_query'].value));
      afterClick = await readTable(page);
      assert.ok(afterClick['image.usd_per_query'].value < before['image.usd_per_query'].value, 'a smaller image costs less');
      assert.equal(afterClick['text.usd_per_query'].value, before['text.usd_per_query'].value, 'the reply is unchanged');
      assert.match(hashOf(page), /512/);
      assert.match(await page.textContent('#inputs'), /512×512/);
    });

    let dragged = null;
    await checks.check('dragging a slider (output tokens) changes the twin; frame time while dragging', async () => {
      const page = defaultPage;
      const before = await readTable(page);
      const d = await dragSlider(page, '##text.output_tokens');
      await page.waitForFunction((v) => document.querySelector('tr[data-metric="usd_per_query"] td[data-workload="text"]').dataset.value !== v,
        String(before['text.usd_per_query'].value));
      dragged = await readTable(page);
      assert.notEqual(dragged['text.usd_per_query'].value, before['text.usd_per_query'].value);
      assert.equal(dragged['image.usd_per_query'].value, before['image.usd_per_query'].value, 'the image is unchanged');
      assert.ok(d.frames >= 5, `only ${d.frames} frames while dragging`);
      checks.note(`frame time while dragging a slider: median ${median(d.times).toFixed(2)} ms, 95th percentile ${pct(d.times, 0.95).toFixed(2)} ms of CPU in costlab_frame (${d.frames} frames in ${d.wall} ms, SwiftShader)`);
    });

    await checks.check(`idle: at most ${IDLE_FRAMES} frames in the 2 s after the last input (click, drag, hover, none)`, async () => {
      const page = defaultPage;
      const counts = {};
      // A click that changes the scenario.
      const b = await revealItem(page, '1024 x 1024');
      await page.mouse.click(b.px + b.w / 2, b.py + b.h / 2);
      counts.click = await framesAfter(page);
      // A slider drag (its last input: the button going up over the slider).
      await dragSlider(page, '##text.output_tokens', 6, 0.5, 0.3);
      counts.drag = await framesAfter(page);
      // The pointer comes to rest over a button (hover highlight, tooltip delay).
      const h = await revealItem(page, '512 x 512');
      await page.mouse.move(h.px + h.w / 2, h.py + h.h / 2, { steps: 4 });
      counts.hover = await framesAfter(page);
      // Nothing at all.
      counts.none = await framesAfter(page);
      checks.note(`frames in the 2 s after the last input: ${JSON.stringify(counts)}`);
      for (const [k, n] of Object.entries(counts)) assert.ok(n <= IDLE_FRAMES, `${k}: ${n} frames`);
      assert.equal(counts.none, 0, 'an idle page draws nothing');
    });

    await checks.check('a share link reopens the same numbers; the GUI\'s "Copy link" and "Copy embed snippet" use the clipboard', async () => {
      const page = defaultPage;
      const numbers = await readTable(page);
      const hash = hashOf(page);
      assert.ok(hash.length > 3, 'the fragment holds the edited scenario');
      const c = await revealItem(page, 'Copy link', { exact: true });
      await page.mouse.click(c.px + c.w / 2, c.py + c.h / 2);
      await page.waitForFunction(() => window.costlabLastCopy);
      const copied = await page.evaluate(() => window.costlabLastCopy);
      assert.equal(new URL(copied).hash, hash, `copied ${copied}`);
      const fromClipboard = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(fromClipboard, copied, 'the system clipboard holds the link');
      const e = await revealItem(page, 'Copy embed snippet', { exact: true });
      await page.mouse.click(e.px + e.w / 2, e.py + e.h / 2);
      await page.waitForFunction(() => /<iframe/.test(window.costlabLastCopy));
      const snippet = await page.evaluate(() => window.costlabLastCopy);
      assert.ok(snippet.includes(new URL(copied).hash), `the embed snippet holds the scenario: ${snippet}`);
      const { page: other, problems } = await openPage(context, copied);
      sameNumbers(await readTable(other), numbers);
      assert.equal(hashOf(other), hash);
      assert.ok((await statusOf(other)).hidden);
      assert.deepEqual(problems, []);
      await other.close();
    });

    await checks.check('Share: report JSON and CSV downloads, the comparison as a PNG', async () => {
      const page = defaultPage;
      const grab = async (label) => {
        const it = await revealItem(page, label, { exact: true });
        const [dl] = await Promise.all([page.waitForEvent('download'), page.mouse.click(it.px + it.w / 2, it.py + it.h / 2)]);
        const file = path.join(artifacts, dl.suggestedFilename());
        await dl.saveAs(file);
        return { name: dl.suggestedFilename(), bytes: fs.readFileSync(file) };
      };
      const json = await grab('Report JSON');
      assert.match(json.name, /\.json$/);
      const report = JSON.parse(json.bytes.toString('utf8'));
      assert.ok(report.text || report.report, 'a report object');
      const csv = await grab('Report CSV');
      assert.match(csv.name, /\.csv$/);
      assert.ok(csv.bytes.toString('utf8').split('\n').length >= 3, 'header + two workloads');
      const png = await grab('Comparison PNG');
      assert.match(png.name, /\.png$/);
      const stats = pixelStats(decodePng(png.bytes));
      assert.ok(stats.colors >= 8 && stats.nonBackground > 0.02, `the PNG looks blank (${stats.colors} colours)`);
    });

    // 4. The form (no canvas needed) re-evaluates through the app and writes the fragment.
    let edited = null;
    let editedHash = '';
    await checks.check('the HTML form: editing output tokens changes the numbers and the link', async () => {
      const { page, problems } = await openPage(context, base);
      await page.click('#edit-box > summary');
      const before = await readTable(page);
      await page.fill('#f-output-tokens', '1500');
      await page.press('#f-output-tokens', 'Enter');
      await page.waitForFunction((v) => document.querySelector('tr[data-metric="usd_per_query"] td[data-workload="text"]').dataset.value !== v,
        String(before['text.usd_per_query'].value));
      edited = await readTable(page);
      assert.ok(edited['text.usd_per_query'].value > before['text.usd_per_query'].value, 'a longer reply costs more');
      assert.equal(edited['image.usd_per_query'].value, before['image.usd_per_query'].value, 'the image is unchanged');
      editedHash = hashOf(page);
      assert.match(editedHash, /1500/);
      assert.ok((await statusOf(page)).hidden, 'no error message');
      assert.match(await page.textContent('#inputs'), /1,500 out/);
      await page.reload();
      await page.waitForSelector('html[data-canvas="drawn"]');
      sameNumbers(await readTable(page), edited);
      assert.equal(await page.inputValue('#f-output-tokens'), '1500');
      assert.deepEqual(problems, []);
      await page.close();
    });

    await checks.check('an invalid form edit shows the message and keeps the last good numbers', async () => {
      const { page, problems } = await openPage(context, base);
      await page.click('#edit-box > summary');
      const before = await readTable(page);
      const hashBefore = hashOf(page);
      await page.fill('#f-output-tokens', '-5');
      await page.press('#f-output-tokens', 'Enter');
      await page.waitForSelector('#status:not([hidden])');
      const st = await statusOf(page);
      assert.equal(st.kind, 'edit');
      assert.match(st.text, /output_tokens/);
      assert.match(st.text, /last valid/);
      assert.equal(await page.getAttribute('#f-output-tokens', 'aria-invalid'), 'true');
      sameNumbers(await readTable(page), before);
      assert.equal(hashOf(page), hashBefore, 'the fragment keeps the last good scenario');
      await page.fill('#f-output-tokens', '800');
      await page.press('#f-output-tokens', 'Enter');
      await page.waitForSelector('#status[hidden]', { state: 'attached' });
      assert.equal(await page.getAttribute('#f-output-tokens', 'aria-invalid'), null);
      assert.deepEqual(problems, []);
      await page.close();
    });

    // 5. Broken links show what is wrong, then the defaults, and the canvas still draws.
    for (const frag of ['#garbage', '#v=1&to=-5', '#v=999', '#v=1&tm=no-such-model']) {
      await checks.check(`broken fragment ${frag} shows the errors and the default numbers`, async () => {
        const { page, problems } = await openPage(context, base + frag);
        assert.equal(await page.getAttribute('html', 'data-state'), 'ready');
        assert.equal(await page.getAttribute('html', 'data-canvas'), 'drawn');
        const st = await statusOf(page);
        assert.ok(!st.hidden, 'a message is shown');
        assert.equal(st.kind, 'link');
        assert.ok(st.items >= 1, `the message lists field errors: ${st.text}`);
        assert.match(st.text, /default/);
        if (frag.includes('to=-5')) assert.match(st.text, /output_tokens/);
        sameNumbers(await readTable(page), defaults);
        assert.equal(await page.getAttribute('#status', 'role'), 'alert');
        if (frag === '#garbage') {
          const px = await canvasPixels(page);
          assert.ok(px.colors >= 8, 'the canvas is drawn');
          await page.screenshot({ path: path.join(artifacts, 'costlab-broken-link.png'), fullPage: true });
        }
        assert.deepEqual(problems, []);
        await page.close();
      });
    }

    // 6. Keyboard, wheel, off-screen pause, theme.
    await checks.check('keyboard: typed and pasted into a slider while the canvas has focus; Escape then Tab leaves the canvas', async () => {
      const { page, problems } = await openPage(context, base);
      const before = await readTable(page);
      const s = await revealItem(page, '##text.output_tokens');
      // Ctrl+click turns an ImGui slider into a text field, with its text selected.
      await page.keyboard.down('Control');
      await page.mouse.click(s.px + s.w / 2, s.py + s.h / 2);
      await page.keyboard.up('Control');
      await page.waitForFunction(() => window.costlab.info().wantText);
      assert.equal(await page.evaluate(() => document.activeElement.id), 'canvas');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('1000');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => /to=1000\b/.test(location.hash) && !window.costlab.info().wantText);
      const after = await readTable(page);
      assert.ok(after['text.usd_per_query'].value > before['text.usd_per_query'].value, '1000 tokens cost more than 500');
      // Paste from the system clipboard into the same field (Ctrl+V: the browser's paste event).
      await page.evaluate(() => navigator.clipboard.writeText('1234'));
      await page.keyboard.down('Control');
      await page.mouse.click(s.px + s.w / 2, s.py + s.h / 2);
      await page.keyboard.up('Control');
      await page.waitForFunction(() => window.costlab.info().wantText);
      await page.keyboard.press('Control+V');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => /to=1234\b/.test(location.hash) && !window.costlab.info().wantText);
      // Tab is the GUI's (keyboard navigation) until Escape: then it is the browser's again.
      await page.keyboard.press('Escape');
      await page.keyboard.press('Tab');
      assert.notEqual(await page.evaluate(() => document.activeElement.id), 'canvas', 'Escape, Tab moved the focus on');
      await page.keyboard.press('Shift+Tab');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'canvas', 'Shift+Tab comes back to the canvas');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Tab');
      assert.notEqual(await page.evaluate(() => document.activeElement.id), 'canvas', 'Escape, Tab leaves again');
      // Keys typed elsewhere never reach the GUI.
      const hash = hashOf(page);
      await page.keyboard.type('99');
      await sleep(100);
      assert.equal(hashOf(page), hash);
      assert.deepEqual(problems, []);
      await page.close();
    });

    await checks.check('the wheel over the canvas scrolls the page at once, and the layout follows', async () => {
      const { page, problems } = await openPage(context, base);
      const box = await page.locator('#canvas').boundingBox();
      await page.mouse.move(box.x + 3, box.y + box.height / 2);
      // Past the page's header, so the canvas sticks to the top and the layout moves in it.
      const stageTop = await page.evaluate(() => document.getElementById('stage').getBoundingClientRect().top + window.scrollY);
      await page.mouse.wheel(0, stageTop + 50);
      await page.waitForFunction((y) => window.scrollY >= y, stageTop + 50);
      await settleFrames(page);
      const first = await findItems(page, '##text.output_tokens');
      await page.mouse.wheel(0, 100); // one notch
      await page.waitForFunction((y) => window.scrollY >= y, stageTop + 150);
      await settleFrames(page);
      const moved = await findItems(page, '##text.output_tokens');
      assert.ok(Math.abs(first[0].y - moved[0].y - 100) <= 2, `the layout moved with the page: ${first[0].y} -> ${moved[0].y}`);
      // Over a panel too (panels never take the wheel): the page keeps scrolling to its end.
      let y0 = await page.evaluate(() => window.scrollY), notches = 0;
      for (; notches < 200; notches++) {
        await page.mouse.wheel(0, 400);
        await sleep(120); // the browser may animate the wheel's scroll
        const y = await page.evaluate(() => window.scrollY);
        if (y === y0) break;
        y0 = y;
      }
      const end = await page.evaluate(() => ({ y: window.scrollY, max: document.documentElement.scrollHeight - window.innerHeight }));
      assert.ok(end.max - end.y <= 1, `the wheel reached the end of the page: ${end.y} of ${end.max}`);
      checks.note(`wheel notches (400 px) from the layout's top to the end of the page: ${notches}`);
      assert.deepEqual(problems, []);
      await page.close();
    });

    await checks.check('drawing pauses while the canvas is scrolled out of view', async () => {
      const { page, problems } = await openPage(context, base);
      await sleep(300);
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForFunction(() => document.getElementById('canvas').getBoundingClientRect().bottom < 0 || true);
      await sleep(300);
      const offscreen = await page.evaluate(() => document.getElementById('canvas').getBoundingClientRect().bottom <= 0);
      if (!offscreen) { checks.note('the page is too short to scroll the canvas away at this size'); await page.close(); return; }
      const f0 = await frameCount(page);
      await page.evaluate(() => window.costlab.frames.request(5));
      await sleep(400);
      assert.equal(await frameCount(page), f0, 'no frames off screen');
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForFunction((f) => window.costlabFrames > f, f0);
      assert.deepEqual(problems, []);
      await page.close();
    });

    await checks.check('light and dark: follows prefers-color-scheme, the page\'s switch and the GUI\'s', async () => {
      const { page, problems } = await openPage(context, base);
      const luminance = async () => {
        await sleep(150);
        const img = decodePng(await page.locator('#canvas').screenshot());
        let sum = 0;
        for (let i = 0; i < img.width * img.height; i += 7) sum += img.data[i * img.channels] + img.data[i * img.channels + 1] + img.data[i * img.channels + 2];
        return sum / (3 * 255 * Math.ceil(img.width * img.height / 7));
      };
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.waitForSelector('html[data-theme="dark"]');
      const dark = await luminance();
      await page.emulateMedia({ colorScheme: 'light' });
      await page.waitForSelector('html[data-theme="light"]');
      const light = await luminance();
      assert.ok(dark < 0.35 && light > 0.6, `canvas luminance dark ${dark.toFixed(2)}, light ${light.toFixed(2)}`);
      await page.selectOption('#theme', 'dark');
      await page.waitForSelector('html[data-theme="dark"]');
      assert.ok((await luminance()) < 0.35, 'the page\'s switch darkens the canvas');
      const t = await revealItem(page, 'Light theme', { exact: true });
      await page.mouse.click(t.px + t.w / 2, t.py + t.h / 2);
      await page.waitForSelector('html[data-theme="light"]');
      assert.equal(await page.inputValue('#theme'), 'light', 'the GUI\'s switch moves the page\'s');
      assert.deepEqual(problems, []);
      await page.close();
    });

    // 7. Fallbacks.
    await checks.check('without WebAssembly the page says so and keeps the build-time numbers', async () => {
      const { page, problems } = await openPage(context, base, { init: () => { delete globalThis.WebAssembly; }, noCanvas: true });
      assert.equal(await page.getAttribute('html', 'data-state'), 'no-wasm');
      const st = await statusOf(page);
      assert.ok(!st.hidden);
      assert.match(st.text, /WebAssembly/);
      // The build-time numbers: the default image's price as the twin shows it.
      const price = defaults && defaults['image.usd_per_query'] ? defaults['image.usd_per_query'].text : null;
      assert.ok(price, 'the default page check ran first and read the image price');
      assert.ok((await page.textContent('#placeholder')).includes(price), `placeholder lacks ${price}`);
      assert.deepEqual(problems, []);
      await page.close();
    });

    await checks.check('without WebGL2 the page says so, and the twin and the form still compute', async () => {
      const { page, problems } = await openPage(context, base, {
        noCanvas: true,
        init: () => {
          const get = HTMLCanvasElement.prototype.getContext;
          HTMLCanvasElement.prototype.getContext = function (kind, ...rest) { return kind === 'webgl2' ? null : get.call(this, kind, ...rest); };
        },
      });
      assert.equal(await page.getAttribute('html', 'data-state'), 'ready');
      assert.equal(await page.getAttribute('html', 'data-canvas'), 'none');
      const st = await statusOf(page);
      assert.equal(st.kind, 'no-webgl');
      assert.match(st.text, /WebGL2/);
      sameNumbers(await readTable(page), defaults);
      await page.click('#edit-box > summary');
      await page.fill('#f-output-tokens', '1500');
      await page.press('#f-output-tokens', 'Enter');
      await page.waitForFunction(() => /1500/.test(location.hash));
      sameNumbers(await readTable(page), edited);
      assert.deepEqual(problems, []);
      await page.close();
    });

    // 8. "Time my hardware" without WebGPU (this browser has no --enable-unsafe-webgpu).
    if (process.env.COSTLAB_SKIP_HW) {
      checks.note('COSTLAB_SKIP_HW is set: skipping the hardware benchmark checks');
    } else {
      await checks.check('time my hardware without WebGPU: the CPU is timed, the page says WebGPU is unavailable, and keeps working', async () => {
        const { page, problems } = await openPage(context, base, { init: () => { window.costlabHardwareBudgetS = 2; } });
        const b = await revealItem(page, 'Time my hardware', { exact: true });
        await page.mouse.click(b.px + b.w / 2, b.py + b.h / 2);
        await page.waitForFunction(() => { const s = window.costlab.hardware(); return s.has_result || (!s.running && s.message); }, null, { timeout: 90000 });
        const s = await page.evaluate(() => window.costlab.hardware());
        assert.ok(s.has_result, `no result: ${s.message}`);
        assert.ok(s.cpu1_gflops > 0 && s.cpu_all_gflops > 0, `CPU GFLOP/s ${s.cpu1_gflops}, ${s.cpu_all_gflops}`);
        assert.equal(s.gpu_gflops, 0);
        const hwText = await page.textContent('#hw-status');
        assert.match(hwText, /WebGPU is unavailable/);
        // One sentence, said once (it used to repeat inside parentheses).
        assert.equal(hwText.split('was not timed').length - 1, 1, hwText);
        // The GUI got it: the comparison moved onto the measured device.
        await revealItem(page, 'Back to the previous comparison', { exact: true });
        // The calculator still reacts.
        const before = await readTable(page);
        const c = await revealItem(page, '512 x 512');
        await page.mouse.click(c.px + c.w / 2, c.py + c.h / 2);
        // On the device the image has no price ("not shown"): its time changes instead.
        await page.waitForFunction((v) => document.querySelector('tr[data-metric="seconds_per_query"] td[data-workload="image"]').dataset.value !== v,
          String(before['image.seconds_per_query'].value));
        checks.note(`this machine without WebGPU: ${s.cpu1_gflops.toFixed(1)} GFLOP/s one core, ${s.cpu_all_gflops.toFixed(1)} all, ${s.memory_gb_per_s.toFixed(1)} GB/s`);
        assert.deepEqual(problems, []);
        await page.close();
      });
    }

    await checks.check('no request leaves 127.0.0.1', async () => {
      assert.ok(requests.length > 0, 'requests were recorded');
      const off = requests.filter((u) => { const p = new URL(u); return p.hostname !== '127.0.0.1' && !['data:', 'blob:', 'about:'].includes(p.protocol); });
      assert.deepEqual([...new Set(external.concat(off))], []);
      const cookies = await context.cookies();
      assert.deepEqual(cookies, [], 'no cookies');
    });
    await browser.close();
    browser = null;

    // 9. Other screens, and WebGPU: a browser with WebGPU on SwiftShader and fresh contexts.
    chromium = await launchChromium(['--enable-unsafe-webgpu']);

    await checks.check('HiDPI (deviceScaleFactor 2, then 3): the canvas renders at full resolution', async () => {
      const ctx = await chromium.newContext({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 2 });
      await guard(ctx);
      const { page, problems } = await openPage(ctx, base);
      const s = await page.evaluate(() => {
        const c = document.getElementById('canvas');
        const r = c.getBoundingClientRect();
        return { w: c.width, h: c.height, cssW: r.width, cssH: r.height, ratio: devicePixelRatio };
      });
      assert.equal(s.ratio, 2);
      assert.ok(Math.abs(s.w - 2 * s.cssW) <= 1 && Math.abs(s.h - 2 * s.cssH) <= 1, `canvas ${s.w}x${s.h} for ${s.cssW}x${s.cssH} CSS px`);
      const px = await canvasPixels(page, path.join(artifacts, 'costlab-hidpi.png'));
      assert.ok(px.colors >= 8, 'drawn');
      sameNumbers(await readTable(page), defaults);
      // The ratio changes under the page (a window dragged to another screen, browser zoom):
      // the backing store and the fonts follow.
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Emulation.setDeviceMetricsOverride', { width: 1100, height: 900, deviceScaleFactor: 3, mobile: false });
      // (Emulation changes the ratio without the media-query event a real screen change
      // fires; the next frame, drawn for this pointer move, notices it.)
      const box = await page.locator('#canvas').boundingBox();
      await page.mouse.move(box.x + 10, box.y + 10);
      await page.waitForFunction(() => { const c = document.getElementById('canvas'); return Math.abs(c.width - 3 * c.getBoundingClientRect().width) <= 1; });
      assert.ok((await canvasPixels(page)).colors >= 8, 'drawn at 3x');
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    await checks.check('a 360 px phone: no sideways scroll, drawn, a tap and a touch drag work', async () => {
      const ctx = await chromium.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
      await guard(ctx);
      const { page, problems } = await openPage(ctx, base);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `page is ${width} px wide`);
      const c = await page.evaluate(() => { const r = document.getElementById('canvas').getBoundingClientRect(); return { w: r.width, h: r.height }; });
      assert.ok(c.w <= 360 && c.h >= 300, `canvas ${c.w}x${c.h}`);
      const px = await canvasPixels(page);
      assert.ok(px.colors >= 8, 'drawn');
      await page.screenshot({ path: path.join(artifacts, 'costlab-phone.png') });
      // Tap.
      const before = await readTable(page);
      const t = await revealItem(page, '512 x 512');
      await page.touchscreen.tap(t.px + t.w / 2, t.py + t.h / 2);
      await page.waitForFunction((v) => document.querySelector('tr[data-metric="usd_per_query"] td[data-workload="image"]').dataset.value !== v,
        String(before['image.usd_per_query'].value));
      // Drag a slider with a finger (sideways, so the browser leaves it to the page).
      const mid = await readTable(page);
      const s = await revealItem(page, '##text.output_tokens');
      const cdp = await ctx.newCDPSession(page);
      await dragItem(cdp, s);
      await page.waitForFunction((v) => document.querySelector('tr[data-metric="usd_per_query"] td[data-workload="text"]').dataset.value !== v,
        String(mid['text.usd_per_query'].value));
      // Number entry: a tap on an ImGui number field focuses the hidden <input> (the on-screen
      // keyboard, decimal keypad); what is typed there lands in the field.
      const own = await revealItem(page, '##serving.usd_per_gpu_hour').catch(() => null);
      if (!own) {
        // Scroll to the checkbox itself: where the failed search above left the view depends on
        // how tall the page is.
        const box = await revealItem(page, 'catalog', { exact: true });
        await page.touchscreen.tap(box.px + box.h / 2, box.py + box.h / 2);
        await page.waitForFunction(() => true);
      }
      const field = await revealItem(page, '##serving.usd_per_gpu_hour');
      const priced = await readTable(page);
      await page.touchscreen.tap(field.px + field.w / 2, field.py + field.h / 2);
      await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'ime');
      assert.equal(await page.evaluate(() => document.activeElement.inputMode), 'decimal');
      await page.keyboard.insertText('7');
      await page.keyboard.press('Enter');
      await page.waitForFunction((v) => document.querySelector('tr[data-metric="usd_per_query"] td[data-workload="text"]').dataset.value !== v,
        String(priced['text.usd_per_query'].value));
      await page.waitForFunction(() => document.activeElement && document.activeElement.id !== 'ime');
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    if (!process.env.COSTLAB_SKIP_HW) {
      await checks.check('time my hardware with WebGPU (SwiftShader): CPU and GPU figures reach the GUI', async () => {
        const ctx = await chromium.newContext({ viewport: { width: 1100, height: 900 } });
        await guard(ctx);
        const { page, problems } = await openPage(ctx, base, { init: () => { window.costlabHardwareBudgetS = 3; } });
        assert.ok(await page.evaluate(() => !!navigator.gpu), 'navigator.gpu exists with --enable-unsafe-webgpu');
        const b = await revealItem(page, 'Time my hardware', { exact: true });
        await page.mouse.click(b.px + b.w / 2, b.py + b.h / 2);
        await page.waitForFunction(() => { const s = window.costlab.hardware(); return s.has_result || (!s.running && s.message); }, null, { timeout: 240000 });
        const s = await page.evaluate(() => window.costlab.hardware());
        assert.ok(s.has_result, `no result: ${s.message}`);
        assert.ok(s.gpu_gflops > 0, `GPU GFLOP/s ${s.gpu_gflops} (${s.message})`);
        assert.match(s.gpu_backend, /webgpu/);
        await revealItem(page, 'Back to the previous comparison', { exact: true }); // the GUI shows the result
        checks.note(`SwiftShader WebGPU: ${s.gpu_gflops.toFixed(1)} GFLOP/s; CPU ${s.cpu_all_gflops.toFixed(1)} GFLOP/s on ${s.threads} workers`);
        assert.deepEqual(problems, []);
        await ctx.close();
      });
    }
    if (!process.env.COSTLAB_SKIP_HW) {
      // The calculator must keep working after the benchmark is cancelled or its GPU device is
      // lost mid-run: the edit below must still change the twin's numbers.
      async function stillReacts(page) {
        const before = await readTable(page);
        const c = await revealItem(page, '512 x 512');
        await page.mouse.click(c.px + c.w / 2, c.py + c.h / 2);
        await page.waitForFunction((v) => document.querySelector('tr[data-metric="usd_per_query"] td[data-workload="image"]').dataset.value !== v,
          String(before['image.usd_per_query'].value));
      }
      await checks.check('a cancelled hardware benchmark leaves the page working', async () => {
        const ctx = await chromium.newContext({ viewport: { width: 1100, height: 900 } });
        await guard(ctx);
        const { page, problems } = await openPage(ctx, base, { init: () => { window.costlabHardwareBudgetS = 8; } });
        await page.evaluate(() => window.costlab.startHardware());
        await page.waitForFunction(() => { const s = window.costlab.hardware(); return s.running && s.progress > 0; }, null, { timeout: 60000 });
        await page.evaluate(() => window.costlab.cancelHardware());
        await page.waitForFunction(() => !window.costlab.hardware().running, null, { timeout: 30000 });
        const s = await page.evaluate(() => window.costlab.hardware());
        assert.match(s.message, /Cancel/i);
        await stillReacts(page);
        assert.deepEqual(problems, []);
        await ctx.close();
      });
      await checks.check('a GPU device lost mid-benchmark is said in words; the CPU result and the page stand', async () => {
        const ctx = await chromium.newContext({ viewport: { width: 1100, height: 900 } });
        await guard(ctx);
        const { page, problems } = await openPage(ctx, base, { init: () => {
          window.costlabHardwareBudgetS = 3;
          // Lose every WebGPU device shortly after it is created (as a driver reset would).
          const request = GPUAdapter.prototype.requestDevice;
          GPUAdapter.prototype.requestDevice = async function (...args) {
            const device = await request.apply(this, args);
            setTimeout(() => device.destroy(), 30);
            return device;
          };
        } });
        await page.evaluate(() => window.costlab.startHardware());
        await page.waitForFunction(() => { const s = window.costlab.hardware(); return !s.running && (s.has_result || s.message); }, null, { timeout: 240000 });
        const s = await page.evaluate(() => window.costlab.hardware());
        assert.ok(s.has_result && s.cpu1_gflops > 0, `the CPU result stands: ${JSON.stringify(s)}`);
        assert.equal(s.gpu_gflops, 0, 'no GPU figure from a lost device');
        assert.match(s.message, /lost|GPU|WebGPU/i);
        checks.note(`lost device message: "${s.message}"`);
        await stillReacts(page);
        assert.deepEqual(problems.filter((p) => !/lost|destroy/i.test(p)), []);
        await ctx.close();
      });
    }
    await checks.check('no request leaves 127.0.0.1 (HiDPI, phone, WebGPU contexts)', async () => {
      assert.deepEqual([...new Set(external)], []);
    });
  } catch (e) {
    checks.results.push({ name: 'harness', ok: false, error: e });
    console.log(`FAIL harness: ${e && e.stack || e}`);
  } finally {
    if (browser) await browser.close();
    if (chromium) await chromium.close().catch(() => {});
    await server.stop();
  }
  console.log(`screenshots in ${path.relative(repoRoot, artifacts) || artifacts}/`);
  process.exit(checks.summary() ? 0 : 1);
}

main();
