#!/usr/bin/env node
// Browser tests of the page's layout and navigation (issue 10): a 390 x 844 touch phone
// (isMobile, hasTouch, deviceScaleFactor 3) reaches every panel through the section links and
// changes something in each by taps and drags only; a fling scrolls the calculator with
// momentum and, at its end, the page goes on; a keyboard-only walk changes the image model and
// its steps and leaves the canvas; Space and the arrows in the focused canvas never scroll the
// page. Start at main(); the helpers (findItems, revealItem) are in harness.mjs.
//
//   node tests/browser/phone.mjs        (COSTLAB_SITE_DIR, COSTLAB_CHROMIUM as for run.mjs)
import path from 'node:path';
import assert from 'node:assert/strict';
import { Checks, runSuite, dragItem, findItems, launchChromium, networkGuard, openPage, repoRoot, revealItem, scrollSettled, settleFrames, sleep, startSite, swipe, tapItem } from './harness.mjs';

const siteDir = path.resolve(repoRoot, process.env.COSTLAB_SITE_DIR || 'build/site');
const TIMEOUT = 20000;
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
const checks = new Checks();
const { external, guard } = networkGuard();
const hashOf = (page) => page.evaluate(() => location.hash);

// A tap on the section link for `key`, then the panel's header in view near the canvas's top.
async function jumpTo(page, key, title) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await settleFrames(page);
  const b = await page.locator(`#sections [data-panel="${key}"]`).boundingBox();
  await page.evaluate(() => { window.costlabScrollEnded = false; addEventListener('scrollend', () => { window.costlabScrollEnded = true; }, { once: true }); });
  await page.touchscreen.tap(b.x + b.width / 2, b.y + b.height / 2);
  // A smooth scroll (unless the panel is already at the top): wait for its end.
  await page.waitForFunction(() => window.costlabScrollEnded, null, { timeout: 5000 }).catch(() => {});
  await scrollSettled(page);
  await settleFrames(page);
  const header = (await findItems(page, title)).filter((i) => i.label === title).sort((a, b) => a.y - b.y)[0];
  assert.ok(header && header.inView, `${key}: the panel "${title}" is in view after one tap (${JSON.stringify(header)})`);
  assert.ok(header.py < 120, `${key}: the panel starts near the top of the screen (at ${header.py.toFixed(0)} px)`);
  return header;
}

// The first item matching `needle` below `after` (a panel header), in view.
async function itemIn(page, needle, after, exact = true) {
  const items = (await findItems(page, needle)).filter((i) => (!exact || i.label === needle) && i.y >= after.y);
  const it = items.sort((a, b) => a.y - b.y)[0];
  assert.ok(it && it.inView, `"${needle}" is in view below "${after.label}": ${JSON.stringify(it)}`);
  return it;
}

// A finger's slow vertical swipes (no fling) until the first item matching `needle` below
// `after` sits in the upper two thirds of the screen; returns it, in view.
async function swipeTo(page, cdp, needle, after) {
  for (let i = 0; i < 8; i++) {
    const it = (await findItems(page, needle)).filter((x) => x.label === needle && x.cy > after.cy).sort((a, b) => a.cy - b.cy)[0];
    if (it && it.inView && it.py > 100 && it.py < 560) return it;
    const dy = it ? Math.max(-500, Math.min(500, Math.round(it.py - 300))) : 400;
    await swipe(cdp, 200, 600, 200, 600 - dy, 20, 40);
    await scrollSettled(page);
    await settleFrames(page);
  }
  throw new Error(`could not swipe "${needle}" into view below "${after.label}"`);
}

// A tap on a panel's header folds the panel (the page gets shorter); a second tap opens it.
async function foldAndOpen(page, head) {
  const height = () => page.evaluate(() => document.getElementById('stage').offsetHeight);
  const open = await height();
  await tapItem(page, head);
  await page.waitForFunction((h) => document.getElementById('stage').offsetHeight < h, open, { timeout: 5000 })
    .catch(() => { throw new Error(`a tap on "${head.label}" did not fold it`); });
  await settleFrames(page);
  const again = (await findItems(page, head.label)).filter((i) => i.label === head.label && i.inView).sort((a, b) => Math.abs(a.cy - head.cy) - Math.abs(b.cy - head.cy))[0];
  assert.ok(again, `"${head.label}" stays in view when folded`);
  await tapItem(page, again);
  await page.waitForFunction((h) => document.getElementById('stage').offsetHeight >= h - 1, open, { timeout: 5000 })
    .catch(() => { throw new Error(`a second tap on "${head.label}" did not open it again`); });
}

async function main() {
  const server = await startSite(siteDir);
  const base = server.url;
  const chromium = await launchChromium();
  await runSuite(checks, {
    external,
    browser: chromium,
    server,
    body: async () => {
      const phone = await chromium.newContext(PHONE);
      await guard(phone);

      await checks.check('phone 390 x 844: no sideways scroll; the headline, both workloads\' models and every section link on the page', async () => {
        const { page, problems } = await openPage(phone, base, { timeout: TIMEOUT });
        const m = await page.evaluate(() => ({
          scrollW: document.documentElement.scrollWidth,
          links: [...document.querySelectorAll('#sections [data-panel]')].map((b) => { const r = b.getBoundingClientRect(); return { key: b.dataset.panel, bottom: r.bottom, right: r.right }; }),
          hidden: document.getElementById('sections').hidden,
        }));
        assert.ok(m.scrollW <= 390, `the page is ${m.scrollW} px wide`);
        assert.ok(!m.hidden, 'the section links are shown');
        assert.equal(m.links.length, 13, 'a link for every panel');
        for (const l of m.links) assert.ok(l.bottom < 844 && l.right <= 390, `link ${l.key} is on the first screen: ${JSON.stringify(l)}`);
        const headline = (await findItems(page, 'Compare')).find((i) => i.label === 'Compare');
        assert.ok(headline && headline.inView, 'the comparison is on the first screen');
        // Each workload's main inputs (and its model choice, the row above) fit the width.
        for (const needle of ['##text.output_tokens', '512 x 512', '##image.width_px']) {
          const it = await revealItem(page, needle);
          assert.ok(it.x >= 0 && it.x + it.w <= 390, `${needle} fits the width: ${JSON.stringify(it)}`);
        }
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, 'still no sideways scroll');
        assert.deepEqual(problems, []);
        await page.close();
      });

      await checks.check('phone: one tap on a section link reaches each panel; taps and drags change a value in each', async () => {
        const { page, problems } = await openPage(phone, base, { timeout: TIMEOUT });
        const cdp = await phone.newCDPSession(page);
        const changed = async (before, re, what) => {
          await page.waitForFunction(([h, r]) => location.hash !== h && new RegExp(r).test(location.hash), [before, re.source], { timeout: 5000 })
            .catch(() => { throw new Error(`${what}: the link did not change to ${re} (${before})`); });
        };
        let h;

        // Compare and Roofline hold figures, no inputs: a tap folds each and a second tap opens it.
        let head = await jumpTo(page, 'compare', 'Compare');
        await foldAndOpen(page, head);

        head = await jumpTo(page, 'text', 'Text workload');
        h = await hashOf(page);
        await dragItem(cdp, await itemIn(page, '##text.output_tokens', head));
        await changed(h, /to=\d+/, 'text: output tokens');

        head = await jumpTo(page, 'image', 'Image workload');
        h = await hashOf(page);
        await tapItem(page, await itemIn(page, '512 x 512', head));
        await changed(h, /iw=512/, 'image: 512 x 512');

        head = await jumpTo(page, 'serving', 'Serving');
        h = await hashOf(page);
        await tapItem(page, await itemIn(page, 'Cloud H200', head));
        await changed(h, /g=h200/, 'serving: the H200 preset');

        head = await jumpTo(page, 'fleet', 'Fleet');
        h = await hashOf(page);
        await dragItem(cdp, await itemIn(page, '##fleet.images_per_day', head));
        await changed(h, /fi=/, 'fleet: images per day');

        head = await jumpTo(page, 'business', 'Business');
        h = await hashOf(page);
        await dragItem(cdp, await itemIn(page, '##business.usd_subscription_per_month', head));
        await changed(h, /bs=/, 'business: subscription');

        // Your hardware: a tap starts the benchmark, a tap on Cancel (in the same place) stops it.
        head = await jumpTo(page, 'hardware', 'Your hardware');
        // A long budget, so the run is still going when the finger reaches Cancel.
        await page.evaluate(() => { window.costlabHardwareBudgetS = 20; });
        await tapItem(page, await itemIn(page, 'Time my hardware', head));
        await page.waitForFunction(() => window.costlab.hardware().running, null, { timeout: 20000 })
          .catch(async () => { throw new Error(`hardware: the tap did not start the benchmark: ${JSON.stringify(await page.evaluate(() => window.costlab.hardware()))}`); });
        await settleFrames(page);
        await tapItem(page, await itemIn(page, 'Cancel', head));
        await page.waitForFunction(() => !window.costlab.hardware().running, null, { timeout: 30000 });
        const hw = await page.evaluate(() => window.costlab.hardware());
        assert.ok(!hw.has_result && /cancel/i.test(hw.message), `hardware: the tap on Cancel stopped the run: ${JSON.stringify(hw)}`);

        head = await jumpTo(page, 'share', 'Share');
        await tapItem(page, await itemIn(page, 'Copy link', head));
        await page.waitForFunction(() => window.costlabLastCopy && window.costlabLastCopy.includes('#'), null, { timeout: 5000 })
          .catch(() => { throw new Error('share: the tap on Copy link copied nothing'); });
        const link = await page.evaluate(() => window.costlabLastCopy);
        assert.equal(new URL(link).hash, await hashOf(page), 'the copied link holds every change above');

        head = await jumpTo(page, 'roofline', 'Roofline');
        await foldAndOpen(page, head);

        head = await jumpTo(page, 'sweeps', 'Sweeps');
        const chart = async () => (await page.locator('#canvas').screenshot()).toString('base64');
        const shot = await chart();
        // The "Vary" list: the first wide item under the header (combos report no label).
        const vary = (await findItems(page, '*')).filter((i) => i.y > head.y + head.h && i.w > 100 && i.inView).sort((a, b) => a.y - b.y)[0];
        assert.ok(vary, 'the sweep variable list is in view');
        await tapItem(page, vary);
        await settleFrames(page);
        // The list of variables opened; another than the first (the default) is chosen.
        const option = (await findItems(page, 'Output tokens per reply')).filter((i) => i.label === 'Output tokens per reply' && i.inView)[0];
        assert.ok(option, 'the sweep list opened');
        await tapItem(page, option);
        await settleFrames(page);
        await sleep(100);
        assert.notEqual(await chart(), shot, 'sweeps: the chart changed with the variable');

        // Assumptions (folded on phones: the link opens it): a tap folds its long first section,
        // a tap opens its Serving section, a swipe brings the price's "catalog" box up, a tap
        // unticks it: the link gets the price the box stood for (the H200's, chosen above).
        head = await jumpTo(page, 'assumptions', 'Assumptions and sources');
        h = await hashOf(page);
        await tapItem(page, await itemIn(page, 'Modelling assumptions', head));
        await settleFrames(page);
        const section = await swipeTo(page, cdp, 'Serving', head);
        await tapItem(page, section);
        await settleFrames(page);
        await tapItem(page, await swipeTo(page, cdp, 'catalog', section));
        await changed(h, /usd=\d/, 'assumptions: the price per GPU-hour');
        const price = await page.evaluate(() => window.costlab.api.evaluateFragment(location.hash.slice(1)).scenario.serving.usd_per_gpu_hour);
        const h200 = await page.evaluate(() => window.costlab.api.catalog().accelerators.find((a) => a.id === 'h200').usd_per_gpu_hour);
        assert.equal(price, h200, 'unticked, the price is the catalog\'s');
        assert.deepEqual(problems, []);
        await page.close();
      });

      await checks.check('phone: a fling scrolls the calculator on after the finger lifts; at its end the page goes on', async () => {
        const { page, problems } = await openPage(phone, base, { timeout: TIMEOUT });
        const cdp = await phone.newCDPSession(page);
        const stage = await page.evaluate(() => { const r = document.getElementById('stage').getBoundingClientRect(); return { top: r.top + scrollY, bottom: r.bottom + scrollY }; });
        await page.evaluate((y) => window.scrollTo(0, y), stage.top);
        await settleFrames(page);
        const before = (await findItems(page, 'Image workload'))[0];
        // A quick upward swipe (300 px in 5 moves of 16 ms): a fling.
        await swipe(cdp, 200, 650, 200, 350, 5, 16);
        const lifted = await page.evaluate(() => window.scrollY);
        const settled = await scrollSettled(page);
        await settleFrames(page);
        checks.note(`fling: ${(lifted - stage.top).toFixed(0)} px while the finger moved 300 px, ${(settled - stage.top).toFixed(0)} px when it stopped`);
        assert.ok(settled - stage.top > 300, `the page coasted on past the finger's 300 px: ${settled - stage.top}`);
        const after = (await findItems(page, 'Image workload'))[0];
        assert.ok(!after || after.y < before.y - 300, `the layout moved with the page: ${before.y} -> ${after && after.y}`);
        // Swipes on to the end of the calculator: the page scrolls on to the table below it.
        for (let i = 0; i < 40; i++) {
          const top = await page.evaluate(() => document.getElementById('summary').getBoundingClientRect().top);
          if (top < 700) break;
          await swipe(cdp, 200, 700, 200, 150, 5, 16);
          await scrollSettled(page, 1500);
        }
        const summaryTop = await page.evaluate(() => document.getElementById('summary').getBoundingClientRect().top);
        assert.ok(summaryTop < 700, `the table's summary came into view (${summaryTop})`);
        assert.deepEqual(problems, []);
        await page.close();
      });
      await phone.close();

      const laptop = await chromium.newContext({ viewport: { width: 1366, height: 768 } });
      await guard(laptop);
      await checks.check('keyboard: Tab into the canvas; Space and the arrows do not scroll the page', async () => {
        const { page, problems } = await openPage(laptop, base, { timeout: TIMEOUT });
        let n = 0;
        for (; n < 40 && (await page.evaluate(() => document.activeElement.id)) !== 'canvas'; n++) await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement.id), 'canvas', 'Tab reached the canvas');
        assert.ok(await page.evaluate(() => document.getElementById('canvas').matches(':focus-visible')), 'the focus ring shows');
        let first = null;
        for (let i = 0; i < 20 && !first; i++) { await settleFrames(page); first = (await findItems(page, '')).find((x) => x.nav); }
        assert.ok(first, 'a widget has the keyboard focus at once');
        const y0 = await page.evaluate(() => window.scrollY);
        const theme0 = await page.getAttribute('html', 'data-theme');
        // At a person's pace: ImGui takes one key change per frame, so two presses in one frame
        // would be one move.
        for (const k of ['ArrowDown', 'ArrowUp', 'ArrowRight', 'ArrowLeft']) {
          await page.keyboard.press(k);
          await settleFrames(page);
          await sleep(100);
        }
        await settleFrames(page);
        assert.equal((await findItems(page, '')).find((i) => i.nav).label, first.label, 'the arrows moved and came back');
        await page.keyboard.press('Space'); // presses the first widget (the theme button)
        await page.waitForFunction((t) => document.documentElement.getAttribute('data-theme') !== t, theme0);
        assert.equal(await page.evaluate(() => window.scrollY), y0, 'Space and the arrows left the page where it was');
        assert.deepEqual(problems, []);
        await page.close();
      });

      await checks.check('keyboard only: change the image model and its steps, then leave the canvas', async () => {
        const { page, problems } = await openPage(laptop, base, { timeout: TIMEOUT });
        const nav = async () => (await findItems(page, '')).find((i) => i.nav);
        const tabTo = async (test, what, max = 300) => {
          for (let i = 0; i < max; i++) {
            await page.keyboard.press('Tab');
            await settleFrames(page);
            const it = await nav();
            if (it && test(it)) return it;
          }
          throw new Error(`Tab never reached ${what}`);
        };
        while ((await page.evaluate(() => document.activeElement.id)) !== 'canvas') await page.keyboard.press('Tab');
        // The image model's list (a combo reports no label: "(nav)"): the first focusable item
        // Tab reaches after the panel's header (its size buttons may still be below the canvas:
        // the page scrolls only as far as the focused widget).
        let combo = null, afterHead = false;
        for (let i = 0; i < 300 && !combo; i++) {
          await page.keyboard.press('Tab');
          await settleFrames(page);
          const items = await findItems(page, '');
          const it = items.find((x) => x.nav), head = items.find((x) => x.label === 'Image workload');
          if (it && it.label === 'Image workload') afterHead = true;
          else if (it && head && afterHead && it.label === '(nav)' && it.y > head.y) combo = it;
        }
        assert.ok(combo, 'Tab reached the image model');
        assert.ok(combo.inView, `the focused widget was scrolled into view: ${JSON.stringify(combo)}`);
        const h0 = await hashOf(page);
        await page.keyboard.press('Enter'); // opens the list
        await settleFrames(page);
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        await page.waitForFunction((h) => location.hash !== h && /im=/.test(location.hash), h0, { timeout: 5000 })
          .catch(() => { throw new Error(`the image model did not change: ${h0}`); });
        await sleep(300); // keys at a person's pace: ImGui takes one key change per frame
        // The steps: untick "model default" (Space): the steps become a value of their own.
        await tabTo((i) => i.label === 'model default', 'the steps box');
        await sleep(300);
        await page.keyboard.press('Space');
        await page.waitForFunction(() => /is=\d+/.test(location.hash), null, { timeout: 5000 })
          .catch(async () => { throw new Error(`unticking "model default" set no steps: ${await hashOf(page)}`); });
        assert.match(await page.textContent('#in-image'), /\d+ steps/);
        assert.doesNotMatch(await page.textContent('#in-image'), /model default/);
        // Out: Escape, then Tab is the browser's.
        await page.keyboard.press('Escape');
        await page.keyboard.press('Tab');
        assert.notEqual(await page.evaluate(() => document.activeElement.id), 'canvas', 'Escape, Tab left the canvas');
        const h1 = await hashOf(page);
        await page.keyboard.type('5');
        await sleep(100);
        assert.equal(await hashOf(page), h1, 'keys typed elsewhere never reach the canvas');
        assert.deepEqual(problems, []);
        await page.close();
      });

      await checks.check('the methodology link: in the page and in the canvas (a new tab)', async () => {
        const { page, problems } = await openPage(laptop, base, { timeout: TIMEOUT });
        assert.equal(await page.getAttribute('header a.how', 'href'), 'methodology.html');
        const it = (await findItems(page, 'How it works (methodology)'))[0];
        assert.ok(it && it.inView, 'the canvas shows the link');
        const [tab] = await Promise.all([laptop.waitForEvent('page'), page.mouse.click(it.px + it.w / 2, it.py + it.h / 2)]);
        await tab.waitForLoadState();
        assert.match(tab.url(), /methodology\.html$/);
        await tab.close();
        assert.deepEqual(problems, []);
        await page.close();
      });
      await checks.check('the HTML form: resolution, fleet and business fields, each checked before it applies', async () => {
        const { page, problems } = await openPage(laptop, base, { timeout: TIMEOUT });
        await page.click('#edit-box > summary');
        const apply = async (sel, text) => { await page.fill(sel, text); await page.press(sel, 'Enter'); };
        const h0 = await hashOf(page);
        await apply('#f-images-per-day', '2e13'); // over the 1e13 limit
        await page.waitForSelector('#status:not([hidden])');
        assert.match(await page.textContent('#status'), /images_per_day/);
        assert.equal(await page.getAttribute('#f-images-per-day', 'aria-invalid'), 'true');
        await apply('#f-price-image', '0.05abc');
        await page.waitForFunction(() => /not a number/.test(document.getElementById('status').textContent));
        assert.equal(await hashOf(page), h0, 'nothing invalid reached the link');
        await apply('#f-price-image', '0.05');
        await apply('#f-images-per-day', '2e8');
        await apply('#f-width', '768');
        await apply('#f-fleet-gpus', '1000');
        await page.waitForFunction(() => /iw=768/.test(location.hash) && /fg=1000\b/.test(location.hash) && /bi=/.test(location.hash) && /fi=/.test(location.hash));
        assert.match(await page.textContent('#in-image'), /768×1024/);
        assert.deepEqual(problems, []);
        await page.close();
      });
      await laptop.close();
    },
  });
}

main();
