#!/usr/bin/env node
// Browser tests of the built site: headless Debian Chromium (playwright-core) against
// scripts/serve.mjs serving build/site on 127.0.0.1. Prints PASS/FAIL per check; exits 1 on
// any failure.
//
//   node tests/browser/run.mjs
// Environment:
//   COSTLAB_SITE_DIR  the built site (default build/site)
//   COSTLAB_CLI       the native CLI (build/native/cli/costlab): the page's numbers must
//                     equal `costlab compare --format json`; that check is skipped, with a
//                     note, when unset
//   COSTLAB_CHROMIUM  the browser (default /usr/bin/chromium)
//   COSTLAB_ARTIFACTS where screenshots go (default build/test-artifacts)
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { Checks, closeEnough, launchBrowser, repoRoot, startServer } from './harness.mjs';

const siteDir = path.resolve(repoRoot, process.env.COSTLAB_SITE_DIR || 'build/site');
const artifacts = path.resolve(repoRoot, process.env.COSTLAB_ARTIFACTS || 'build/test-artifacts');
const cli = process.env.COSTLAB_CLI ? path.resolve(repoRoot, process.env.COSTLAB_CLI) : '';

// The rows whose cells hold a number (data-value) for both workloads.
const FIGURES = ['seconds_per_query', 'gpu_seconds_per_query', 'usd_per_query', 'gpu_energy_wh',
                 'it_energy_wh', 'facility_energy_wh', 'co2_g_per_query'];
const TIMEOUT = 20000;

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

// Every table cell: {"text.usd_per_query": {text, value}, ...}
function readTable(page) {
  return page.evaluate(() => {
    const out = {};
    for (const td of document.querySelectorAll('#results td[data-workload]')) {
      const key = `${td.dataset.workload}.${td.closest('tr').dataset.metric}`;
      out[key] = { text: td.textContent.trim(), value: td.hasAttribute('data-value') ? Number(td.dataset.value) : null };
    }
    return out;
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

// A page with console errors, page errors and failed requests recorded.
async function openPage(context, url, { init } = {}) {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText || ''}`));
  if (init) await page.addInitScript(init);
  await page.goto(url);
  await page.waitForSelector('html[data-state]:not([data-state="loading"])');
  return { page, problems };
}

async function statusOf(page) {
  return page.evaluate(() => {
    const s = document.getElementById('status');
    return { hidden: s.hidden, kind: s.getAttribute('data-kind'), text: s.textContent, items: s.querySelectorAll('li').length };
  });
}

const hashOf = (page) => new URL(page.url()).hash;

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
      const gz = await httpGet(base + 'costlab.wasm', { 'Accept-Encoding': 'gzip, deflate, br' });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.equal(gz.headers['content-type'], 'application/wasm');
      assert.ok(gz.body.length < wasm.body.length, 'gzipped body is smaller');
      assert.deepEqual([...gz.body.subarray(0, 2)], [0x1f, 0x8b], 'gzip magic');
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
    // Every request is recorded; anything not on 127.0.0.1 is aborted and fails a check.
    const requests = [];
    const external = [];
    await context.route((url) => !['127.0.0.1'].includes(url.hostname) && !['data:', 'blob:', 'about:'].includes(url.protocol), (route) => {
      external.push(route.request().url());
      return route.abort();
    });
    context.on('request', (r) => requests.push(r.url()));

    // 1. The default page.
    let defaults = null;
    let defaultPage = null;
    await checks.check('page loads with no console errors and shows the default comparison', async () => {
      const { page, problems } = await openPage(context, base);
      defaultPage = page;
      assert.equal(await page.getAttribute('html', 'data-state'), 'ready');
      assert.equal(await page.title(), 'costlab — what one AI image costs next to one chat reply');
      const st = await statusOf(page);
      assert.ok(st.hidden, `no message expected, got: ${st.text}`);
      defaults = await readTable(page);
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
      const summary = await page.textContent('#summary');
      assert.match(summary, /^One image costs as much as [\d.,]+ (of a )?chat repl/);
      assert.equal(await page.getAttribute('#summary', 'aria-live'), 'polite');
      const inputs = await page.textContent('#inputs');
      assert.match(inputs, /1024×1024/);
      assert.match(inputs, /500 out/);
      assert.equal(await page.inputValue('#f-output-tokens'), '500');
      const wasmResp = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
      assert.ok(wasmResp.some((u) => u.endsWith('/costlab.wasm')), 'costlab.wasm was fetched');
      await page.screenshot({ path: path.join(artifacts, 'costlab-default.png'), fullPage: true });
      assert.deepEqual(problems, []);
    });

    // 2. The same numbers as the native CLI.
    if (!cli) {
      checks.note('COSTLAB_CLI is not set: skipping "page numbers equal the native CLI" (set COSTLAB_CLI=build/native/cli/costlab)');
    } else {
      await checks.check('page numbers equal `costlab compare --format json` (1e-9 relative)', async () => {
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

    // 3. Editing a field re-evaluates and writes the fragment; reloading restores it.
    let edited = null;
    let editedHash = '';
    await checks.check('editing output tokens changes the numbers and the URL fragment', async () => {
      const page = defaultPage;
      const before = hashOf(page);
      await page.fill('#f-output-tokens', '1500');
      await page.press('#f-output-tokens', 'Enter');
      await page.waitForFunction((v) => document.querySelector('tr[data-metric="usd_per_query"] td[data-workload="text"]').dataset.value !== v,
        String(defaults['text.usd_per_query'].value));
      edited = await readTable(page);
      assert.ok(edited['text.usd_per_query'].value > defaults['text.usd_per_query'].value, 'a longer reply costs more');
      assert.ok(edited['text.gpu_energy_wh'].value > defaults['text.gpu_energy_wh'].value, 'and takes more energy');
      assert.equal(edited['image.usd_per_query'].value, defaults['image.usd_per_query'].value, 'the image is unchanged');
      editedHash = hashOf(page);
      assert.notEqual(editedHash, before);
      assert.match(editedHash, /1500/);
      assert.ok((await statusOf(page)).hidden, 'no error message');
      assert.match(await page.textContent('#inputs'), /1,500 out/);
    });

    await checks.check('reloading with that fragment shows the same numbers', async () => {
      assert.ok(edited, 'the edit did not happen');
      await defaultPage.reload();
      await defaultPage.waitForSelector('html[data-state="ready"]');
      sameNumbers(await readTable(defaultPage), edited);
      assert.equal(await defaultPage.inputValue('#f-output-tokens'), '1500');
      // And as a shared link opened in a fresh tab.
      const { page, problems } = await openPage(context, base + editedHash);
      sameNumbers(await readTable(page), edited);
      assert.equal(hashOf(page), editedHash);
      assert.deepEqual(problems, []);
      await page.close();
    });

    await checks.check('changing the GPU and the models re-evaluates', async () => {
      const { page, problems } = await openPage(context, base);
      for (const sel of ['#f-accelerator', '#f-text-model', '#f-image-model']) {
        const options = await page.$$eval(`${sel} option`, (os) => os.map((o) => o.value));
        const current = await page.inputValue(sel);
        const other = options.find((o) => o !== current);
        if (!other) continue; // a catalog with one entry
        const before = await readTable(page);
        await page.selectOption(sel, other);
        const after = await readTable(page);
        const st = await statusOf(page);
        if (st.hidden) {
          assert.ok(FIGURES.some((f) => after[`text.${f}`].value !== before[`text.${f}`].value || after[`image.${f}`].value !== before[`image.${f}`].value),
            `${sel} -> ${other} changed nothing`);
          assert.ok(hashOf(page).length > 1, 'fragment written');
        } else {
          // Some combinations are invalid (a model too big for the GPU): then a message, old numbers.
          sameNumbers(after, before);
          assert.ok(st.items > 0);
        }
        await page.selectOption(sel, current);
      }
      assert.deepEqual(problems, []);
      await page.close();
    });

    // 4. Broken links show what is wrong, then the defaults.
    for (const frag of ['#garbage', '#v=1&to=-5', '#v=999', '#v=1&tm=no-such-model']) {
      await checks.check(`broken fragment ${frag} shows the errors and the default numbers`, async () => {
        const { page, problems } = await openPage(context, base + frag);
        assert.equal(await page.getAttribute('html', 'data-state'), 'ready');
        const st = await statusOf(page);
        assert.ok(!st.hidden, 'a message is shown');
        assert.equal(st.kind, 'link');
        assert.ok(st.items >= 1, `the message lists field errors: ${st.text}`);
        assert.match(st.text, /default/);
        if (frag.includes('to=-5')) assert.match(st.text, /output_tokens/);
        sameNumbers(await readTable(page), defaults);
        assert.equal(await page.getAttribute('#status', 'role'), 'alert');
        if (frag === '#garbage') await page.screenshot({ path: path.join(artifacts, 'costlab-broken-link.png'), fullPage: true });
        assert.deepEqual(problems, []);
        await page.close();
      });
    }

    await checks.check('an invalid edit shows the message and keeps the last good numbers', async () => {
      const { page, problems } = await openPage(context, base);
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
      // Fixing it clears the message.
      await page.fill('#f-output-tokens', '800');
      await page.press('#f-output-tokens', 'Enter');
      await page.waitForSelector('#status[hidden]', { state: 'attached' });
      assert.equal(await page.getAttribute('#f-output-tokens', 'aria-invalid'), null);
      assert.deepEqual(problems, []);
      await page.close();
    });

    await checks.check('without WebAssembly the page says so', async () => {
      const { page, problems } = await openPage(context, base, { init: () => { delete globalThis.WebAssembly; } });
      assert.equal(await page.getAttribute('html', 'data-state'), 'no-wasm');
      const st = await statusOf(page);
      assert.ok(!st.hidden);
      assert.match(st.text, /WebAssembly/);
      assert.deepEqual(problems, []);
      await page.close();
    });

    await checks.check('a 360 px wide phone screen needs no sideways page scroll', async () => {
      const { page, problems } = await openPage(context, base);
      await page.setViewportSize({ width: 360, height: 740 });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `page is ${width} px wide`);
      await page.screenshot({ path: path.join(artifacts, 'costlab-phone.png'), fullPage: true });
      assert.deepEqual(problems, []);
      await page.close();
    });

    await checks.check('no request leaves 127.0.0.1', async () => {
      assert.ok(requests.length > 0, 'requests were recorded');
      const off = requests.filter((u) => { const p = new URL(u); return p.hostname !== '127.0.0.1' && !['data:', 'blob:', 'about:'].includes(p.protocol); });
      assert.deepEqual([...new Set(external.concat(off))], []);
      const cookies = await context.cookies();
      assert.deepEqual(cookies, [], 'no cookies');
    });
  } catch (e) {
    checks.results.push({ name: 'harness', ok: false, error: e });
    console.log(`FAIL harness: ${e && e.stack || e}`);
  } finally {
    if (browser) await browser.close();
    await server.stop();
  }
  console.log(`screenshots in ${path.relative(repoRoot, artifacts) || artifacts}/`);
  process.exit(checks.summary() ? 0 : 1);
}

main();
