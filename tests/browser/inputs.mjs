#!/usr/bin/env node
// Browser tests of issue 10's part B against the built site: typed numbers in the canvas
// (applied only whole and valid), the default boxes, "time my hardware" in plain words on
// SwiftShader with its share link reopened in a fresh browser context, and hatched figures
// absent from the HTML twin, the <noscript> table, the JSON/CSV exports and the PNG (read by
// OCR). The canvas is driven through harness.mjs (revealItem, clickItem, typeInto). Prints
// PASS/FAIL per check; exits 1 on any failure.
//
//   node tests/browser/inputs.mjs
// Environment: COSTLAB_SITE_DIR (default build/site), COSTLAB_CLI (the native CLI, for the
// <noscript> check; skipped with a note when unset), COSTLAB_CHROMIUM, COSTLAB_SKIP_HW=1,
// COSTLAB_ARTIFACTS (where the hatched PNG is kept; default build/test-artifacts).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { Checks, FIGURES, runSuite, clickItem, findItems, hashOf, launchChromium, networkGuard, openPage, readTable, repoRoot, revealItem, settleFrames, sleep, startSite, typeInto } from './harness.mjs';
import { noscriptHtml } from '../../web/prerender.mjs';

const siteDir = path.resolve(repoRoot, process.env.COSTLAB_SITE_DIR || 'build/site');
const artifacts = path.resolve(repoRoot, process.env.COSTLAB_ARTIFACTS || 'build/test-artifacts');
const cli = process.env.COSTLAB_CLI ? path.resolve(repoRoot, process.env.COSTLAB_CLI) : '';
// A reply that cannot fit (Llama 3.1 405B in bf16 on one H100) on GPUs with no price.
const HATCHED = '#v=1&tm=llama-3.1-405b&tp=bf16&tg=1&usd=0';

const checks = new Checks();
const { external, guard } = networkGuard();
const typing = (page) => page.evaluate(() => JSON.parse(window.costlab.module.ccall('costlab_test_typing', 'string', [], [])));

// The Share panel's "Comparison PNG" of the hatched scenario, read back by OCR (tesseract,
// scripts/deps.sh): the chat reply's rows say "not shown" and carry no figure with a unit, and
// no dollar amount other than the warnings' "$0" is in the picture. Drawn at 2 device pixels
// per CSS pixel, which OCR reads reliably; the hatching reads as stray letters, never a unit.
async function pngHasNoHatchedFigure(newContext, base) {
  const ctx = await newContext({ deviceScaleFactor: 2 });
  const { page, problems } = await openPage(ctx, base + HATCHED);
  const [download] = await Promise.all([page.waitForEvent('download'), clickItem(page, 'Comparison PNG', { exact: true })]);
  const png = await download.path();
  const text = execFileSync('tesseract', [png, '-', '--psm', '3'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  fs.mkdirSync(artifacts, { recursive: true });
  fs.copyFileSync(png, path.join(artifacts, 'costlab-hatched.png'));
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  // The bar groups stand side by side on a wide canvas, so OCR may read two groups' reply rows
  // as one line ("reply not shown reply not shown"): a row is each "reply ..." segment of a line
  // that starts with one.
  const replies = lines.filter((l) => /^reply\b/i.test(l))
    .flatMap((l) => l.match(/\breply\b.*?(?=\breply\b|\bimage\b|$)/gi) || []).map((x) => x.trim());
  assert.ok(replies.length >= 4, `the PNG's charts have a row per figure for the reply: ${JSON.stringify(lines)}`);
  const figure = /(\$\s*\d|\d[\d.,]*\s*(k?Wh|mWh|ms|min|s|mg|kg|g)\b)/i;
  for (const l of replies) {
    assert.match(l, /[nr]o[tk] sho/i, `a reply row of the PNG is not hatched: "${l}"`);
    assert.doesNotMatch(l, figure, `a reply row of the PNG holds a figure: "${l}"`);
  }
  assert.match(text, /No ratio/i, 'the PNG gives no image-to-reply ratio');
  assert.match(text, /no price set/i, "the PNG's image card has no dollar figure");
  assert.doesNotMatch(text, /\$\s*0?[.,]?0*[1-9]/, `a dollar amount is in the PNG: ${JSON.stringify(lines)}`);
  assert.deepEqual(problems, []);
  await ctx.close();
}

async function main() {
  const server = await startSite(siteDir);
  const base = server.url;
  const chromium = await launchChromium(['--enable-unsafe-webgpu']);
  const newContext = async (opts = {}) => {
    const ctx = await chromium.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true, ...opts });
    await guard(ctx);
    return ctx;
  };
  await runSuite(checks, {
    external,
    browser: chromium,
    server,
    body: async () => {
      await checks.check('typed 2e13, 1e308, -5, abc into a canvas number field change nothing; 1e3 applies 1000', async () => {
        const ctx = await newContext();
        const { page, problems } = await openPage(ctx, base);
        const before = await readTable(page);
        const hash = hashOf(page);
        const box = '##text.output_tokens typed';
        for (const bad of ['2e13', '1e308', '-5', 'abc']) {
          await typeInto(page, box, bad);
          await sleep(1000); // past the typing pause: nothing may arrive late either
          const t = await typing(page);
          assert.ok(t['text.output_tokens'], `"${bad}" left no marked text: ${JSON.stringify(t)}`);
          assert.equal(t['text.output_tokens'].text, bad, 'the invalid text stays in the field');
          assert.ok(t['text.output_tokens'].error.length > 0, 'with its message');
          assert.equal(hashOf(page), hash, `"${bad}" changed the link`);
          assert.deepEqual(await readTable(page), before, `"${bad}" changed the figures`);
        }
        await typeInto(page, box, '1e3');
        await page.waitForFunction(() => /[#&]to=1000(&|$)/.test(location.hash));
        const after = await readTable(page);
        assert.ok(after['text.usd_per_query'].value > before['text.usd_per_query'].value, '1000 tokens cost more than 500');
        assert.deepEqual(await typing(page), {});
        assert.deepEqual(problems, []);
        await ctx.close();
      });

      await checks.check('unticking each default box gives the value it stood for, never 1', async () => {
        const ctx = await newContext();
        // Every automatic choice on: steps, both GPU counts and both batches.
        const { page, problems } = await openPage(ctx, base + '#v=1&tg=0&tb=0&ib=0&tp=bf16');
        const report = () => page.evaluate(() => window.costlab.api.evaluateFragment(location.hash.slice(1)).report);
        const r0 = await report();
        const h100Price = await page.evaluate(() => window.costlab.api.catalog().accelerators.find((a) => a.id === 'h100-sxm').usd_per_gpu_hour);
        assert.ok(h100Price > 0, 'the catalog prices the H100');
        assert.ok(r0.text.gpus > 1 && r0.text.batch > 1 && r0.image.batch >= 1, JSON.stringify([r0.text.gpus, r0.text.batch]));
        const cases = [
          ['model default', 'image.steps', 28],               // FLUX.1 [dev]'s default steps
          ['smallest that fits', 'text.gpus', r0.text.gpus],
          ['auto', 'image.gpus', r0.image.gpus],
          // The price box of the Serving panel (the first "catalog" box): the H100's list price.
          ['catalog', 'serving.usd_per_gpu_hour', h100Price],
        ];
        // The link omits values equal to the defaults: read the scenario it stands for.
        const linked = (p, v) => page.waitForFunction(([p, v]) => {
          const s = window.costlab.api.evaluateFragment(location.hash.slice(1)).scenario;
          return p.split('.').reduce((o, k) => o[k], s) === v;
        }, [p, v]);
        for (const [label, key, want] of cases) {
          await clickItem(page, label, { exact: true });
          await linked(key, want).catch(() => { throw new Error(`"${label}": wanted ${key} = ${want}, link ${page.url()}`); });
        }
        // The text batch's "max at the speed below" box, then the image batch's "max that fits"
        // below it (both stay, ticked or not).
        await clickItem(page, 'max at the speed below', { exact: true });
        await linked('text.batch', r0.text.batch).catch(() => { throw new Error(`text batch: wanted ${r0.text.batch}, link ${page.url()}`); });
        await clickItem(page, 'max that fits', { exact: true });
        await linked('image.batch', r0.image.batch).catch(() => { throw new Error(`image batch: wanted ${r0.image.batch}, link ${page.url()}`); });
        assert.deepEqual(problems, []);
        await ctx.close();
      });

      await checks.check('a hatched figure is "not shown" in the twin and absent from the JSON/CSV exports, the PNG and <noscript>', async () => {
        const ctx = await newContext();
        const { page, problems } = await openPage(ctx, base + HATCHED);
        const t = await readTable(page);
        for (const f of FIGURES) {
          assert.equal(t[`text.${f}`].text, 'not shown', `text.${f} shows "${t['text.' + f].text}"`);
          assert.equal(t[`text.${f}`].value, null, `text.${f} has a data-value`);
          assert.equal(t[`ratio.${f}`] && t[`ratio.${f}`].value, null, `ratio.${f} has a value`);
        }
        assert.equal(t['image.usd_per_query'].text, 'not shown', 'no price: the image has no dollar figure');
        assert.ok(t['image.facility_energy_wh'].value > 0, 'the image energy is shown');
        // The exports from the canvas's Share panel.
        for (const [button, check] of [
          ['Report JSON', (text) => {
            const j = JSON.parse(text);
            for (const f of FIGURES) assert.equal(j.text[f], null, `JSON text.${f}`);
            assert.equal(j.image.usd_per_query, null);
            assert.equal(j.text.figures_trusted, false);
          }],
          ['Report CSV', (text) => {
            const [head, textRow, imageRow] = text.trim().split('\n').map((l) => l.split(','));
            for (const f of FIGURES) assert.equal(textRow[head.indexOf(f)], '', `CSV text ${f}`);
            assert.equal(imageRow[head.indexOf('usd_per_query')], '');
            assert.equal(imageRow[head.indexOf('usd_trusted')], 'false');
          }]]) {
          const [download] = await Promise.all([page.waitForEvent('download'), clickItem(page, button, { exact: true })]);
          const file = await download.path();
          check(fs.readFileSync(file, 'utf8'));
        }
        assert.deepEqual(problems, []);
        await ctx.close();
        await pngHasNoHatchedFigure(newContext, base);
        if (!cli) {
          checks.note('COSTLAB_CLI is not set: the <noscript> table of a hatched scenario is not checked');
          return;
        }
        const j = JSON.parse(execFileSync(cli, ['compare', '--fragment', HATCHED, '--format', 'json'], { encoding: 'utf8' }));
        const html = noscriptHtml(j.report && j.report.text ? j.report : j, { models: {}, gpus: {} });
        for (const f of FIGURES) {
          const row = new RegExp(`<tr data-metric="${f}"><th scope="row">[^<]*</th><td>([^<]*)</td>`).exec(html);
          assert.ok(row, `no <noscript> row ${f}`);
          assert.equal(row[1], 'not shown', `<noscript> text ${f}: ${row[1]}`);
        }
      });

      // Issue 26: links as an attacker writes them. Each bad one is refused or has its bad fields
      // named, the page stays alive with the last good figures, and the figures of a link are a
      // function of the link alone (extreme and hostile links visited in between leave no trace).
      await checks.check('hostile links: named, the last good scenario kept, no trace left; 1.4 M characters never reach the wasm stack', async () => {
        const ctx = await newContext();
        const GOOD = '#v=2&to=2000&is=30';
        const { page, problems } = await openPage(ctx, base + GOOD);
        const first = await readTable(page);
        const status = () => page.evaluate(() => { const b = document.getElementById('status'); return b.hidden ? '' : b.textContent; });
        const go = async (h) => {
          await page.evaluate((x) => { location.hash = x; }, h);
          await sleep(400);
          await settleFrames(page);
          await sleep(200);
        };
        const huge = '#v=2&to=' + '9'.repeat(1400000);
        const refused = [
          [huge, /over the limit/],
          ['#v=2&v=2&to=5', /twice/],
          ['#v=2' + '&zz'.repeat(30), /not a costlab link/],
        ];
        for (const [h, why] of refused) {
          await go(h);
          const text = await status();
          assert.match(text, why, `link ${h.slice(0, 40)}: ${text.slice(0, 200)}`);
          assert.ok(text.length < 600, `the message quotes a short prefix (${text.length} characters)`);
          assert.equal(await page.getAttribute('html', 'data-state'), 'ready');
          assert.deepEqual(await readTable(page), first, `the last good figures stay after ${h.slice(0, 40)}`);
        }
        // Bad fields named (no "[object Object]" label for a prototype-named key), good ones applied.
        const named = [
          ['#v=2&to=800%00garbage&is=30', /text\.output_tokens[^]*control character/],
          ['#v=2&__proto__=1&constructor=2&to=900', /__proto__[^]*constructor/],
          ['#v=2&usd=&to=900', /serving\.usd_per_gpu_hour[^]*usd has no value/],
          ['#v=2&' + 'k'.repeat(15000) + '=1&to=900', /unknown link parameter "k+\.\.\. \(15000 bytes\)"/],
        ];
        for (const [h, why] of named) {
          await go(h);
          const text = await status();
          assert.match(text, why, `link ${h.slice(0, 40)}: ${text.slice(0, 300)}`);
          assert.ok(text.length < 600, `the message quotes a short prefix (${text.length} characters)`);
          assert.doesNotMatch(text, /\[object Object\]|function Object/);
        }
        assert.notEqual((await readTable(page))['text.seconds_per_query'].text, first['text.seconds_per_query'].text, 'to=900 applied');
        // Extreme but valid links, then the first link again: the same figures as the first visit.
        for (const h of ['#v=2&fg=1&fq=1e12&fi=1e12', '#v=2&g=your-device&md=slow~0.001~0.001~0.1~1', '#v=2&tb=65536&ib=1024&ti=100000&to=100000']) await go(h);
        await go(GOOD);
        assert.deepEqual(await readTable(page), first, 'the figures of a link are a function of the link alone');
        // A link with a bad field: the bad one takes its default, not the value of the link before.
        const PARTLY = '#v=2&to=banana&is=40';
        await go(PARTLY);
        const partly = await readTable(page);
        const fresh = await openPage(ctx, base + PARTLY);
        assert.deepEqual(partly, await readTable(fresh.page), 'a partly bad link reads the same after another link as when opened fresh');
        assert.deepEqual(fresh.problems, []);
        await fresh.page.close();
        // The module's entry points refuse over-long strings in JS, before copying them.
        const api = await page.evaluate((n) => {
          const a = window.costlab.api, big = 'x'.repeat(n);
          return [a.evaluateFragment('v=2&to=' + big), a.evaluateJson(big + big), a.appLoadFragment(big), a.text(big), a.evaluateFragment('v=2&to=900').ok];
        }, 1400000);
        assert.match(api[0].errors[0].message, /over the limit of 16384 bytes/);
        assert.match(api[1].errors[0].message, /over the limit of 1048576 bytes/);
        assert.equal(api[2].ok, false);
        assert.equal(api[3], null);
        assert.equal(api[4], true, 'the module is alive');
        // A 1.4 M character paste into the canvas: refused and said, nothing pasted.
        await page.evaluate((n) => {
          const dt = new DataTransfer();
          dt.setData('text/plain', '{"accelerators":[' + ' '.repeat(n) + ']}');
          document.getElementById('canvas').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
        }, 1400000);
        assert.match(await status(), /paste cannot be used[^]*over the limit/);
        await go(GOOD);
        assert.deepEqual(await readTable(page), first);
        assert.deepEqual(problems, []);
        await ctx.close();
      });

      if (process.env.COSTLAB_SKIP_HW) {
        checks.note('COSTLAB_SKIP_HW is set: skipping "time my hardware"');
      } else {
        await checks.check('time my hardware (SwiftShader): an image and a reply in words; the link reopens them elsewhere', async () => {
          const ctx = await newContext();
          const { page, problems } = await openPage(ctx, base, { init: () => { window.costlabHardwareBudgetS = 3; } });
          const t0 = Date.now();
          await clickItem(page, 'Time my hardware', { exact: true });
          await page.waitForFunction(() => { const s = window.costlab.hardware(); return s.has_result || (!s.running && s.message); }, null, { timeout: 120000 });
          const s = await page.evaluate(() => window.costlab.hardware());
          assert.ok(s.has_result, `no result: ${s.message}`);
          await page.waitForFunction(() => document.querySelectorAll('#hw-words [data-hw-sentence]').length >= 2, null, { timeout: 20000 });
          checks.note(`time my hardware: the sentences were on the page ${((Date.now() - t0) / 1000).toFixed(1)} s after the click (budget 3 s)`);
          const words = await page.$$eval('#hw-words [data-hw-sentence]', (ps) => ps.map((p) => p.textContent));
          assert.match(words[0], /^One \d+x\d+ image from .+ would take about [\d.]+ (ms|s|min|h|days) here/);
          assert.match(words[1], /^A [\d,]+-token reply from .+ would come at [\d.,]+ tokens per second here/);
          assert.match(words.join(' '), /times slower than one H100/);
          assert.match(await page.textContent('#hw-words'), /What this device would take/);
          // The canvas says the same, and the comparison runs on the device.
          await revealItem(page, 'Back to the previous comparison', { exact: true });
          const hash = hashOf(page);
          assert.match(hash, /[#&]md=/);
          assert.match(hash, /[#&]g=your-device/);
          const table = await readTable(page);
          assert.equal(table['image.usd_per_query'].text, 'not shown', 'a device with no price has no dollar figure');
          assert.ok(table['image.seconds_per_query'].value > 0);
          assert.deepEqual(problems, []);
          await ctx.close();

          // Anyone else: a fresh context (no benchmark run there) opens the link.
          const other = await newContext();
          const { page: p2, problems: pr2 } = await openPage(other, base + hash);
          await p2.waitForFunction(() => document.querySelectorAll('#hw-words [data-hw-sentence]').length >= 2);
          assert.deepEqual(await p2.$$eval('#hw-words [data-hw-sentence]', (ps) => ps.map((p) => p.textContent)), words);
          assert.match(await p2.textContent('#hw-words'), /Measured on the sender's device/);
          assert.deepEqual(await readTable(p2), table);
          assert.equal(hashOf(p2), hash);
          assert.deepEqual(pr2, []);
          await other.close();
        });
      }
    },
  });
}

main();
