#!/usr/bin/env node
// Browser tests of the embed (site/embed.html, site/costlab-embed.js, the Share panel's
// snippet): headless Debian Chromium (playwright-core) against scripts/serve.mjs serving
// build/site on 127.0.0.1, with blog posts generated here and served from a second origin on
// 127.0.0.1 (as a real host page is another site). When the site has embed-example.html, it is
// checked too. Prints PASS/FAIL per check; exits 1 on any failure.
//
//   node tests/browser/embed.mjs
// Environment: COSTLAB_SITE_DIR (default build/site), COSTLAB_CHROMIUM, COSTLAB_ARTIFACTS.
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { Checks, decodePng, launchChromium, networkGuard, newWatchedPage, repoRoot, revealItem as revealItemOnPage, startServer } from './harness.mjs';

const siteDir = path.resolve(repoRoot, process.env.COSTLAB_SITE_DIR || 'build/site');
const artifacts = path.resolve(repoRoot, process.env.COSTLAB_ARTIFACTS || 'build/test-artifacts');
const TIMEOUT = 30000;
const checks = new Checks();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- host pages (a blog on its own origin) ---------------------------------------------
const FILLER = 'Generating one picture with a diffusion model runs the whole network once per ' +
  'denoising step, while a chat reply runs a much larger network once per token; which of ' +
  'the two costs more depends on the model, the GPU and how many requests share it. ';
function filler(n) {
  let out = '';
  for (let i = 0; i < n; i++) out += `<p>${FILLER.repeat(3)}</p>\n`;
  return out;
}
function post({ body, dark = false, script = '' }) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>A blog post</title>
<style>body{font:17px/1.6 serif;margin:0 auto;max-width:46rem;padding:1rem;${dark ? 'background:#111;color:#ddd' : 'background:#fff;color:#222'}}</style>
<script>window.hostMessages=[];addEventListener('message',function(e){var f=document.querySelectorAll('iframe');for(var i=0;i<f.length;i++)if(f[i].contentWindow===e.source)window.hostMessages.push({frame:i,data:e.data});});</script>
</head><body><h1>What does a picture cost?</h1>
${body}
${script}
</body></html>`;
}

function startHost(pages) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      const page = pages[req.url.split('?')[0]];
      if (!page) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(typeof page === 'function' ? page() : page);
    });
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}/`, stop: () => new Promise((d) => server.close(d)) }));
  });
}

// ---- helpers ---------------------------------------------------------------------------
// Every request recorded; any that would leave 127.0.0.1 aborted (harness.mjs).
const { requests, external, guard } = networkGuard();

async function openHost(context, url, { colorScheme } = {}) {
  const { page, problems } = await newWatchedPage(context, TIMEOUT);
  if (colorScheme) await page.emulateMedia({ colorScheme });
  await page.goto(url);
  return { page, problems };
}

// The embed's frame, once it has drawn its canvas (scrolled into view first).
async function drawnFrame(page, index) {
  const el = page.locator('iframe').nth(index);
  await el.scrollIntoViewIfNeeded();
  const handle = await el.elementHandle();
  let frame = await handle.contentFrame();
  for (let i = 0; i < 100 && (!frame || !frame.url().includes('embed.html')); i++) {
    await sleep(100);
    frame = await handle.contentFrame();
  }
  assert.ok(frame, 'the iframe has a document');
  await frame.waitForSelector('html[data-canvas="drawn"]', { timeout: TIMEOUT });
  await frame.waitForSelector('html[data-state="ready"]', { timeout: TIMEOUT });
  return { el, frame };
}

// ImGui items labelled exactly `label` in an embed (gui/platform_web.cpp's test hook).
const exactItems = (frame, label) => frame.evaluate((l) =>
  JSON.parse(window.costlab.module.ccall('costlab_test_find_items', 'string', ['string'], [l])).filter((i) => i.label === l).length, label);

const wasmRequests = () => requests.filter((u) => /costlab\.wasm$/.test(u.split('?')[0])).length;
const jsRequests = () => requests.filter((u) => /\/costlab\.js$/.test(u.split('?')[0])).length;

function meanLuminance(png) {
  const img = decodePng(png);
  let sum = 0;
  const n = img.width * img.height;
  for (let i = 0; i < n; i++) {
    const o = i * img.channels;
    sum += 0.2126 * img.data[o] + 0.7152 * img.data[o + 1] + 0.0722 * img.data[o + 2];
  }
  return sum / n;
}

// ImGui items of the full page with this label, scrolled into view by scrolling the page
// (harness.mjs, which the full page's layout follows).
const revealItem = (page, needle) => revealItemOnPage(page, needle, { exact: true });

async function main() {
  if (!fs.existsSync(path.join(siteDir, 'embed.html'))) {
    console.log(`FAIL site: ${siteDir}/embed.html is missing; build it first: cmake --build --preset web-release`);
    process.exit(1);
  }
  fs.mkdirSync(artifacts, { recursive: true });
  const site = await startServer(siteDir);
  const base = site.url;
  // The Share panel's line (an id the host script matches, also passed as ?id=); id null: none.
  let n = 0;
  const snippetOf = (fragment, extra = '', id = `costlab-t${++n}`) =>
    `<iframe${id ? ` id="${id}"` : ''} src="${base}embed.html${id ? `?id=${id}` : ''}${extra ? (id ? '&' : '?') + extra.slice(1) : ''}${fragment}" width="100%" height="640" style="border:0;max-width:800px" loading="lazy" title="costlab: AI image vs chat reply cost"></iframe>`;
  // Subresource Integrity of the host script as built (what a host page downloads).
  const embedJs = fs.readFileSync(path.join(siteDir, 'costlab-embed.js'));
  const sri = 'sha384-' + crypto.createHash('sha384').update(embedJs).digest('base64');
  const scriptTag = (integrity) => `<script src="${base}costlab-embed.js" integrity="${integrity}" crossorigin="anonymous" async></script>`;
  const hostScript = scriptTag(sri);
  const wrongSri = 'sha384-' + crypto.createHash('sha384').update('not the script').digest('base64');
  const SCENARIO = '#v=2&to=2000';
  let copiedSnippet = null;
  let copiedScript = null;
  const pages = {
    '/post.html': post({
      body: `${filler(2)}${snippetOf(SCENARIO)}${filler(8)}${snippetOf('', '?panels=compare,fleet')}${filler(4)}`,
      script: hostScript,
    }),
    // All the panels: more than the snippet's 640 px, so "scrolls inside" means something.
    '/plain.html': post({ body: `${filler(1)}${snippetOf('', '?panels=compare,text,image,serving')}${filler(6)}` }),
    // The host script sizes the iframe that sent the message, whatever a CMS did to its id.
    '/no-id.html': post({ body: `${filler(1)}${snippetOf('', '?id=costlab-t0', null)}${filler(6)}`, script: hostScript }),
    '/renamed-id.html': post({ body: `${filler(1)}${snippetOf('', '?id=costlab-t0', null).replace('<iframe', '<iframe id="wp-embed-1"')}${filler(6)}`, script: hostScript }),
    // The default (compact) embed at a 760 px column.
    '/column-760.html': post({ body: `${filler(1)}<div style="width:760px">${snippetOf('')}</div>${filler(6)}`, script: hostScript }),
    '/narrow-snippet.html': () => post({ body: `${filler(1)}<div style="width:400px">${copiedSnippet}</div>${filler(2)}` }),
    '/far-lazy.html': post({ body: `${filler(60)}${snippetOf('')}${filler(3)}` }),
    '/far-eager.html': post({ body: `${filler(60)}${snippetOf('').replace(' loading="lazy"', '')}${filler(3)}` }),
    '/narrow.html': post({ body: `${filler(1)}<div style="width:400px">${snippetOf('')}</div>${filler(2)}`, script: hostScript }),
    '/dark.html': post({ dark: true, body: `${filler(1)}${snippetOf('', '?theme=auto')}${filler(3)}`, script: hostScript }),
    '/peach.html': post({ body: `${filler(1)}${snippetOf('', '?bg=transparent&theme=light&panels=compare')}${filler(2)}`, script: hostScript })
      .replace('background:#fff', 'background:#ffd8b0'),
    '/snippet.html': () => post({ body: `${filler(1)}${copiedSnippet}${filler(4)}`, script: copiedScript }),
    // A host script whose bytes are not the pinned ones: the browser refuses to run it.
    '/wrong-sri.html': post({ body: `${filler(1)}${snippetOf('')}${filler(6)}`, script: scriptTag(wrongSri) }),
    // A third-party iframe on the same post (the host's origin, not costlab's) that posts
    // costlab's message, as an object and as a string, with a costlab-like id: never resized.
    '/hostile.html': post({ body: `${filler(1)}${snippetOf('')}<iframe id="costlab-evil" src="third-party.html" height="150" style="border:0"></iframe>${filler(2)}`, script: hostScript }),
    '/third-party.html': `<!doctype html><script>setInterval(function () {
      parent.postMessage({ 'costlab-height': { id: 'costlab-evil', height: 99999 } }, '*');
      parent.postMessage(JSON.stringify({ 'costlab-height': { id: 'costlab-evil', height: 88888 } }), '*');
    }, 50);</script>`,
  };
  const host = await startHost(pages);
  let chromium = null;
  try {
    chromium = await launchChromium();
    const context = await chromium.newContext({ viewport: { width: 1100, height: 900 }, locale: 'en-US' });
    await guard(context);

    let postPage = null;
    await checks.check('a post with two embeds: both render (scenario from the fragment, ?panels= respected)', async () => {
      const { page, problems } = await openHost(context, host.url + 'post.html');
      postPage = page;
      const a = await drawnFrame(page, 0);
      assert.equal(new URL(a.frame.url()).hash, SCENARIO);
      const summary = await a.frame.textContent('#summary');
      assert.match(summary, /One image/);
      const shots = await a.el.screenshot({ path: path.join(artifacts, 'embed-post.png') });
      assert.ok(decodePng(shots).width > 300);
      const b = await drawnFrame(page, 1);
      assert.equal(await exactItems(a.frame, 'Compare'), 1, 'the default (compact) embed is the comparison');
      assert.equal(await exactItems(a.frame, 'Text workload'), 0, 'without the inputs');
      assert.equal(await exactItems(a.frame, 'Fleet'), 0, 'and not Fleet');
      assert.equal(await exactItems(b.frame, 'Fleet'), 1, 'panels=compare,fleet shows Fleet');
      assert.equal(await exactItems(b.frame, 'Text workload'), 0, 'and not the text workload');
      const full = await a.frame.getAttribute('#full-link', 'href');
      assert.equal(full, 'index.html' + SCENARIO, '"open the full calculator" keeps the scenario');
      assert.deepEqual(problems, []);
    });

    await checks.check('with costlab-embed.js the iframe takes the posted height (costlab-height and AMP embed-size)', async () => {
      const page = postPage;
      for (const i of [0, 1]) {
        const { el, frame } = await drawnFrame(page, i);
        await page.waitForFunction((n) => {
          const f = document.querySelectorAll('iframe')[n];
          const m = window.hostMessages.filter((x) => x.frame === n && x.data['costlab-height']);
          return m.length && Math.abs(f.getBoundingClientRect().height - m[m.length - 1].data['costlab-height'].height) < 1;
        }, i, { timeout: TIMEOUT });
        const posted = await frame.evaluate(() => window.costlabPostedHeight);
        const h = (await el.boundingBox()).height;
        assert.ok(Math.abs(h - posted) < 1, `iframe ${i}: ${h} px tall, posted ${posted}`);
        assert.notEqual(Math.round(h), 640, 'not the snippet\'s fixed height');
        const canvasH = await frame.evaluate(() => [document.getElementById('canvas').getBoundingClientRect().height,
          window.costlab.module._costlab_content_height()]);
        assert.ok(Math.abs(canvasH[0] - Math.ceil(canvasH[1])) <= 1, `canvas ${canvasH[0]} = content ${canvasH[1]}`);
        const scroll = await frame.evaluate(() => document.documentElement.scrollHeight - innerHeight);
        assert.ok(scroll <= 1, 'nothing left to scroll inside');
        const amp = await page.evaluate((n) => window.hostMessages.filter((x) => x.frame === n && x.data.sentinel === 'amp' && x.data.type === 'embed-size'), i);
        assert.ok(amp.length > 0 && Math.abs(amp[amp.length - 1].data.height - posted) < 1, 'the AMP embed-size message too');
      }
      const heights = await page.evaluate(() => [...document.querySelectorAll('iframe')].map((f) => f.getBoundingClientRect().height));
      assert.ok(heights[0] < heights[1], `the default, compact embed (${heights[0]}) is shorter than compare+fleet (${heights[1]}): ?panels= picks`);
    });

    await checks.check('the wheel over an embed scrolls the host post', async () => {
      const page = postPage;
      const { el, frame } = await drawnFrame(page, 0);
      await page.evaluate(() => window.scrollTo(0, document.querySelector('iframe').getBoundingClientRect().top + window.scrollY - 100));
      await sleep(300);
      const box = await el.boundingBox();
      const y0 = await page.evaluate(() => window.scrollY);
      await page.mouse.move(box.x + box.width / 2, box.y + 300); // over the canvas
      for (let i = 0; i < 4; i++) { await page.mouse.wheel(0, 150); await sleep(60); }
      await page.waitForFunction((y) => window.scrollY > y + 300, y0, { timeout: 5000 });
      assert.equal(await frame.evaluate(() => window.scrollY), 0, 'the embed itself did not scroll');
    });

    for (const [file, what] of [['no-id.html', 'its id stripped'], ['renamed-id.html', 'its id renamed by the CMS (wp-embed-1)']]) await checks.check(`with the host script and ${what}: the iframe still takes its posted height (event.source)`, async () => {
      const { page, problems } = await openHost(context, host.url + file);
      const { el, frame } = await drawnFrame(page, 0);
      const posted = await frame.evaluate(() => new Promise((r) => { const t = () => window.costlabPostedHeight > 0 ? r(window.costlabPostedHeight) : setTimeout(t, 50); t(); }));
      await page.waitForFunction((want) => Math.abs(document.querySelector('iframe').getBoundingClientRect().height - want) < 1, posted, { timeout: TIMEOUT });
      assert.notEqual(Math.round((await el.boundingBox()).height), 640);
      assert.deepEqual(problems, []);
      await page.close();
    });

    await checks.check('the default embed is compact: at most 900 px tall in a 760 px column', async () => {
      const { page, problems } = await openHost(context, host.url + 'column-760.html');
      const { frame } = await drawnFrame(page, 0);
      await sleep(500);
      const posted = await frame.evaluate(() => window.costlabPostedHeight);
      checks.note(`default embed at 760 px wide: ${posted} px tall`);
      assert.ok(posted > 200 && posted <= 900, `${posted} px`);
      assert.deepEqual(problems, []);
      await page.close();
    });

    for (const file of ['plain.html']) await checks.check('without the host script: the iframe keeps its fixed height and scrolls inside', async () => {
      const { page, problems } = await openHost(context, host.url + file);
      const { el, frame } = await drawnFrame(page, 0);
      await sleep(500);
      assert.equal(Math.round((await el.boundingBox()).height), 640);
      const inner = await frame.evaluate(() => document.documentElement.scrollHeight);
      assert.ok(inner > 640, `the content (${inner} px) scrolls inside`);
      assert.deepEqual(problems, []);
      await page.close();
    });

    for (const [name, file] of [['loading=lazy', 'far-lazy.html'], ['an eager iframe (the in-page placeholder waits)', 'far-eager.html']]) {
      await checks.check(`lazy, ${name}: no wasm while far below the fold, loaded after scrolling to it`, async () => {
        const w0 = wasmRequests(), j0 = jsRequests();
        const { page, problems } = await openHost(context, host.url + file);
        await page.waitForLoadState('load');
        await sleep(1500);
        assert.equal(wasmRequests() - w0, 0, 'no costlab.wasm yet');
        assert.equal(jsRequests() - j0, 0, 'no costlab.js yet');
        if (file === 'far-eager.html') {
          const f = page.frames().find((x) => x.url().includes('embed.html'));
          assert.ok(f, 'the eager iframe loaded its page');
          const ph = await f.textContent('#placeholder .ph-big');
          assert.match(ph, /One image ≈/, `placeholder with the default numbers: ${ph}`);
        }
        await drawnFrame(page, 0);
        assert.ok(wasmRequests() - w0 >= 1, 'costlab.wasm fetched once in view');
        assert.deepEqual(problems, []);
        await page.close();
      });
    }

    await checks.check('click to activate on a narrow embed (< 480 px): placeholder numbers, nothing heavy until the click', async () => {
      const w0 = wasmRequests();
      const { page, problems } = await openHost(context, host.url + 'narrow.html');
      const el = page.locator('iframe').first();
      const frame = await (await el.elementHandle()).contentFrame();
      await frame.waitForSelector('#activate:not([hidden])');
      await sleep(800);
      assert.equal(wasmRequests() - w0, 0, 'no wasm before the click');
      assert.match(await frame.textContent('#placeholder .ph-big'), /One image ≈/);
      await frame.click('#activate');
      await drawnFrame(page, 0);
      assert.ok(wasmRequests() - w0 >= 1);
      assert.deepEqual(problems, []);
      await page.close();
    });

    await checks.check('a dark host page (prefers-color-scheme: dark) gets a dark embed with theme=auto', async () => {
      const { page, problems } = await openHost(context, host.url + 'dark.html', { colorScheme: 'dark' });
      const { el, frame } = await drawnFrame(page, 0);
      assert.equal(await frame.getAttribute('html', 'data-theme'), 'dark');
      await sleep(300);
      const lum = meanLuminance(await el.screenshot({ path: path.join(artifacts, 'embed-dark.png') }));
      assert.ok(lum < 90, `mean luminance ${lum.toFixed(0)} (dark)`);
      const light = await openHost(context, host.url + 'dark.html', { colorScheme: 'light' });
      const lf = await drawnFrame(light.page, 0);
      assert.equal(await lf.frame.getAttribute('html', 'data-theme'), 'light');
      const lumLight = meanLuminance(await lf.el.screenshot());
      assert.ok(lumLight > 160, `and a light one on a light system: ${lumLight.toFixed(0)}`);
      assert.deepEqual([...problems, ...light.problems], []);
      await page.close();
      await light.page.close();
    });

    await checks.check('?bg=transparent: the host page\'s background shows through the embed', async () => {
      const { page, problems } = await openHost(context, host.url + 'peach.html');
      const { el } = await drawnFrame(page, 0);
      await sleep(300);
      const img = decodePng(await el.screenshot({ path: path.join(artifacts, 'embed-transparent.png') }));
      let peach = 0;
      for (let i = 0; i < img.width * img.height; i++) {
        const o = i * img.channels;
        if (Math.abs(img.data[o] - 255) < 6 && Math.abs(img.data[o + 1] - 216) < 6 && Math.abs(img.data[o + 2] - 176) < 6) peach++;
      }
      const share = peach / (img.width * img.height);
      assert.ok(share > 0.1, `${(share * 100).toFixed(0)}% of the embed shows the host's colour`);
      assert.deepEqual(problems, []);
      await page.close();
    });

    await checks.check('host script with Subresource Integrity: served with CORS, a few hundred bytes, no dependencies, its hash in the README; a wrong hash is blocked', async () => {
      const res = await fetch(base + 'costlab-embed.js', { headers: { Origin: host.url.replace(/\/$/, '') } });
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.ok(embedJs.length < 1024, `${embedJs.length} bytes`);
      assert.ok(!/\bimport\b|\brequire\(|https?:/.test(embedJs.toString()), 'no imports, no URLs');
      // The README shows the current line (a change to the script forces a README update).
      const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
      assert.ok(readme.includes(`integrity="${sri}" crossorigin="anonymous"`),
        `README.md must show the current hash: integrity="${sri}"`);
      // post.html (checked above) loads it with the right hash from another origin; here the
      // wrong hash: the script does not run, the iframe keeps the snippet's height.
      const { page, problems } = await openHost(context, host.url + 'wrong-sri.html');
      const { el, frame } = await drawnFrame(page, 0);
      await page.waitForFunction(() => window.hostMessages.some((x) => x.data['costlab-height']));
      await sleep(500);
      assert.equal(Math.round((await el.boundingBox()).height), 640, 'not resized: the script was blocked');
      assert.ok(await frame.evaluate(() => window.costlabPostedHeight > 0), 'the embed did post its height');
      assert.ok(problems.length === 1 && /integrity/i.test(problems[0]), `the browser says why: ${problems.join('; ')}`);
      await page.close();
    });

    await checks.check('the host script sizes only iframes on costlab\'s own origin and clamps heights to 100-20000 px', async () => {
      const { page, problems } = await openHost(context, host.url + 'hostile.html');
      const { el, frame } = await drawnFrame(page, 0);
      await page.waitForFunction(() => window.hostMessages.some((x) => x.frame === 1));
      const posted = await frame.evaluate(() => window.costlabPostedHeight);
      await page.waitForFunction((want) => Math.abs(document.querySelector('iframe').getBoundingClientRect().height - want) < 1, posted);
      await sleep(500);
      const evil = () => page.evaluate(() => document.getElementById('costlab-evil').getBoundingClientRect().height);
      assert.equal(Math.round(await evil()), 150, 'the third-party iframe keeps its own height');
      // From costlab's own frame: absurd heights are clamped, garbage is ignored.
      const sized = async (data) => {
        await frame.evaluate((d) => window.parent.postMessage(d, '*'), data);
        await sleep(300);
        return Math.round((await el.boundingBox()).height);
      };
      assert.equal(await sized({ 'costlab-height': { height: 99999 } }), 20000);
      assert.equal(await sized({ 'costlab-height': { height: 5 } }), 100);
      for (const junk of [{ 'costlab-height': { height: 'NaN' } }, { 'costlab-height': { height: -3 } }, { 'costlab-height': { height: 1e300 } },
                          '{"costlab-height":', null, 42, { 'costlab-height': null }]) {
        assert.equal(await sized(junk), 100, `ignored: ${JSON.stringify(junk)}`);
      }
      assert.equal(Math.round(await evil()), 150);
      assert.deepEqual(problems, []);
      await page.close();
    });

    await checks.check('a crafted query (?id=%ZZ, a control character, a repeated or over-long option) is named; the page never stalls in "loading"', async () => {
      const cases = [
        ['embed.html?id=%ZZ', /\?id[^]*bad %-escape/],
        ['embed.html?ph=%E0%A4%A&id=x', /\?ph[^]*bad %-escape/],
        ['embed.html?id=a%00b', /\?id[^]*control character/],
        ['embed.html?theme=dark&theme=light', /\?theme[^]*given twice/],
        ['embed.html?id=' + 'i'.repeat(500), /\?id[^]*over 64 characters/],
        ['embed.html?panels=', /\?panels[^]*no value/],
        ['embed.html?' + 'x'.repeat(3000), /over 2048 characters/],
        ['index.html?id=%ZZ&__proto__=1&constructor=2', /\?id[^]*bad %-escape/],
      ];
      for (const [url, why] of cases) {
        const { page, problems } = await openHost(context, base + url + '#v=2&to=2000');
        await page.waitForSelector('html[data-state="ready"]', { timeout: TIMEOUT });
        const text = await page.evaluate(() => document.getElementById('status').textContent);
        assert.match(text, why, `${url.slice(0, 50)}: ${text.slice(0, 200)}`);
        assert.ok(text.length < 400, `a short message (${text.length})`);
        assert.match(await page.textContent('#summary'), /One image/);
        assert.deepEqual(problems, []);
        await page.close();
      }
    });

    await checks.check('the snippet copied from the Share panel is the one that works', async () => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base.replace(/\/$/, '') });
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      await page.goto(base + 'index.html#v=2&to=3000');
      await page.waitForSelector('html[data-canvas="drawn"]');
      const c = await revealItem(page, 'Copy embed snippet');
      await page.mouse.click(c.px + c.w / 2, c.py + c.h / 2);
      await page.waitForFunction(() => /<iframe/.test(window.costlabLastCopy || ''));
      copiedSnippet = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(copiedSnippet, await page.evaluate(() => window.costlabLastCopy));
      assert.ok(!/\n/.test(copiedSnippet), 'one line');
      assert.match(copiedSnippet, /^<iframe id="(costlab-[0-9a-f]{6})" src="http:\/\/127\.0\.0\.1:\d+\/embed\.html\?id=\1&theme=(light|dark|auto)&ph=[^"#]+#v=2&[^"]*to=3000[^"]*" [^>]*loading="lazy"[^>]*><\/iframe>$/);
      const s = await revealItem(page, 'Copy host script tag');
      await page.mouse.click(s.px + s.w / 2, s.py + s.h / 2);
      await page.waitForFunction(() => /<script/.test(window.costlabLastCopy || ''));
      copiedScript = await page.evaluate(() => window.costlabLastCopy);
      assert.equal(copiedScript, hostScript, 'the Share panel gives the script line with its integrity hash');
      // The HTML twin's button copies the same line.
      await page.click('#copy-embed');
      await page.waitForFunction(() => /<iframe/.test(window.costlabLastCopy || '') && document.getElementById('share-note').textContent);
      assert.equal(await page.evaluate(() => window.costlabLastCopy), copiedSnippet, 'the twin\'s "Copy embed snippet" is the same');
      const fullSummary = await page.textContent('#summary');
      await page.close();

      const { page: hostPage, problems } = await openHost(context, host.url + 'snippet.html');
      const { el, frame } = await drawnFrame(hostPage, 0);
      assert.equal(await frame.textContent('#summary'), fullSummary, 'the embed shows the copied scenario');
      await hostPage.waitForFunction(() => {
        const m = window.hostMessages.filter((x) => x.data['costlab-height']);
        return m.length && Math.abs(document.querySelector('iframe').getBoundingClientRect().height - m[m.length - 1].data['costlab-height'].height) < 1;
      });
      assert.notEqual(Math.round((await el.boundingBox()).height), 640, 'the host script sized it');
      assert.deepEqual(problems, []);
      await hostPage.close();

      // On a phone the click-to-load placeholder shows this scenario's figures (carried in ?ph=),
      // not the default's: the ratio and both dollar figures of the summary.
      const m = /as much as ([\d.,]+) chat repl\w+ \((\$[\d.]+) vs (\$[\d.]+)\)/.exec(fullSummary);
      assert.ok(m, `summary: ${fullSummary}`);
      const { page: phone } = await openHost(context, host.url + 'narrow-snippet.html');
      const pf = await (await phone.locator('iframe').first().elementHandle()).contentFrame();
      await pf.waitForSelector('#activate:not([hidden])');
      const big = await pf.textContent('#placeholder .ph-big'), row = await pf.textContent('#placeholder .ph-row');
      checks.note(`placeholder: ${big} | ${row}`);
      assert.ok(big.includes(m[1] + ' chat replies'), `ratio ${m[1]} in "${big}"`);
      assert.ok(row.includes(m[2]) && row.includes(m[3]), `${m[2]} and ${m[3]} in "${row}"`);
      assert.match(await pf.textContent('#placeholder .ph-note'), /This scenario/);
      await phone.close();
    });

    if (fs.existsSync(path.join(siteDir, 'embed-example.html'))) {
      await checks.check('embed-example.html: the example post loads, its embeds render, with the host script they take their posted heights (ids or not), without it the snippet\'s own', async () => {
        const { page, problems } = await openHost(context, base + 'embed-example.html');
        const n = await page.locator('iframe').count();
        assert.ok(n >= 2, `${n} iframes`);
        const script = await page.locator('script[src*="costlab-embed.js"]').count();
        for (let i = 0; i < n; i++) {
          const { el, frame } = await drawnFrame(page, i);
          if (script) { // the host script sizes every costlab iframe (event.source)
            await page.waitForFunction(([k, want]) => Math.abs(document.querySelectorAll('iframe')[k].getBoundingClientRect().height - want) < 1,
              [i, await frame.evaluate(() => window.costlabPostedHeight)], { timeout: TIMEOUT });
          } else { // no host script: the snippet's fixed height
            await sleep(300);
            assert.equal(Math.round((await el.boundingBox()).height), Number(await el.getAttribute('height')), `iframe ${i} keeps its height`);
          }
        }
        assert.deepEqual(problems, []);
        await page.close();
      });
    } else {
      checks.note('site/embed-example.html is not in the site yet: its check is skipped');
    }

    await checks.check('privacy: no request left 127.0.0.1, no cookies, no storage', async () => {
      assert.deepEqual(external, [], 'requests to other hosts');
      assert.deepEqual(await context.cookies(), []);
      const state = await context.storageState();
      assert.deepEqual(state.origins.filter((o) => o.localStorage.length), [], 'localStorage');
      const { page } = await openHost(context, host.url + 'post.html');
      const { frame } = await drawnFrame(page, 0);
      const used = await frame.evaluate(async () => ({
        cookie: document.cookie, local: localStorage.length, session: sessionStorage.length,
        idb: indexedDB.databases ? (await indexedDB.databases()).length : 0,
      }));
      assert.deepEqual(used, { cookie: '', local: 0, session: 0, idb: 0 });
      assert.ok(requests.every((u) => /^(http:\/\/127\.0\.0\.1[:/]|data:|blob:|about:)/.test(u)), 'all requests on 127.0.0.1');
      await page.close();
    });
  } finally {
    if (chromium) await chromium.close().catch(() => {});
    await host.stop();
    await site.stop();
  }
  process.exit(checks.summary() ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
