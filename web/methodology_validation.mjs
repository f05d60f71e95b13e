// Build step, part of methodology.mjs: the validation section from `costlab validate
// --by-publisher --format json`: the summaries (in-sample, held out by publisher), one row per
// publisher held out, and one row per measured figure with its publisher and engine.
// Leave-one-out (`costlab validate`, 354 refits) is too slow to run at every site build: its
// figures are quoted once, with the date they were computed.
import { esc } from './prerender.mjs';

const sig3 = (v) => {
  if (!Number.isFinite(v)) return 'n/a';
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return String(Number(v.toPrecision(3)));
};
const factor = (e) => (Number.isFinite(e) ? `${e.toFixed(2)}×` : 'n/a');
const pct = (x) => `${Math.round(x * 100)}%`;

export const HELD_OUT_LABEL = 'held out by publisher: each publisher’s figures predicted by a fit on all the other publishers';

// Computed by `costlab validate` (leave-one-out) on the same 407 figures; not rerun at build time.
const LEAVE_ONE_OUT = 'Leave-one-out, every figure predicted by a fit on all the others (<code>costlab validate</code>, ' +
  'one refit per figure: minutes, so not rerun at every build), gave a median of 1.22×, 83% within 1.5× and 96% ' +
  'within 2× when computed on 2026-12-07 for these 407 figures. It flatters the model: a figure’s publisher keeps ' +
  'its other figures in the fit, so the held-out figure shown here is the harder one.';

export function validationSection({ validation }) {
  const summary = (s) => `median error factor ${s.median_error_factor.toFixed(2)}×, ` +
    `${pct(s.share_within_1_5x)} within 1.5×, ${pct(s.share_within_2x)} within 2×, ` +
    `worst ${s.worst_error_factor.toFixed(2)}× (${esc(s.worst_id)})`;
  const pubs = [...(validation.publishers || [])].sort((a, b) => b.count - a.count || a.publisher.localeCompare(b.publisher));
  const pubRows = pubs.map((p) =>
    `<tr data-publisher="${esc(p.publisher)}" data-median="${p.median_error_factor}"><th scope="row">${esc(p.publisher)}</th>` +
    `<td class="num">${p.count}</td><td class="num">${factor(p.median_error_factor)}</td>` +
    `<td class="num">${pct(p.share_within_1_5x)}</td><td class="num">${pct(p.share_within_2x)}</td>` +
    `<td class="num">${factor(p.worst_error_factor)}</td><td class="src">${esc(p.worst_id)}</td></tr>`).join('\n');
  const valRows = validation.rows.map((r) =>
    `<tr data-id="${esc(r.id)}" data-error="${r.error_factor}" data-held-out="${r.held_out_error_factor}" ` +
    `data-publisher="${esc(r.publisher)}" data-engine="${esc(r.engine)}">` +
    `<th scope="row">${esc(r.id)}<span class="src">${esc(r.source)}</span></th>` +
    `<td>${esc(r.metric_label)}<br><span class="src">${esc(r.boundary === 'n/a' ? '' : r.boundary + ' boundary')}</span></td>` +
    `<td class="num">${esc(sig3(r.measured))}</td><td class="num">${esc(sig3(r.predicted))}</td>` +
    `<td class="num error">${factor(r.error_factor)}</td><td class="num held-out">${factor(r.held_out_error_factor)}</td>` +
    `<td>${esc(r.publisher)}</td><td><code>${esc(r.engine)}</code></td>` +
    `<td>${esc(r.source_group)}, ${esc(r.date || '')}</td></tr>`).join('\n');
  const engines = new Set(validation.rows.map((r) => r.engine));
  const latency = validation.rows.filter((r) => /^time_(to_first|per_output)_token_s$/.test(r.metric)).length;
  const fitted = Object.entries(validation.fitted_on_all_rows || {}).map(([k, v]) =>
    `<code>${esc(k.replace('assumptions.', ''))}</code> ${esc(sig3(v))}`).join(', ');

  return `<section id="validation">
<h2>Validation against published measurements</h2>
<p>${validation.rows.length} measured figures from ${pubs.length} publishers (${esc(pubs.map((p) => p.publisher).join(', '))}),
${latency} of them latency figures (time to first token, time per output token at a stated concurrency), run on
${engines.size} engines, each with its setup as a scenario, its boundary, its source and its date
(<code>tests/validation/measurements.json</code>), evaluated by the model when this page was built
(<code>costlab validate --by-publisher</code>). The mechanisms’ parameters are fitted to them (least squares on log
errors, a bounded pattern search with restarts from literature values). To show how the model does on figures it was
not fitted to, they are also ${HELD_OUT_LABEL} (what a user bringing a new lab’s or engine’s numbers would see). The
error factor is max(predicted/measured, measured/predicted).</p>
<p class="summary" id="validation-summary">In-sample (the defaults): ${summary(validation.in_sample)}.<br>
Held out by publisher: ${summary(validation.held_out)}.</p>
<p>${LEAVE_ONE_OUT}</p>
<p>The test suite (<code>tests/test_validation.cpp</code>) fails if the model gets worse than where it stands: in-sample
median above 1.25× or under 95% within 2×, held out by publisher a median above 1.35×, under 68% within 1.5× or
under 89% within 2×, any one publisher’s median above 1.55×. Fitted on every row (the defaults): ${fitted}.</p>
<div class="table-wrap">
<table id="publishers-table" class="calibration">
<caption>Each publisher’s figures predicted by a fit on all the other publishers.</caption>
<thead><tr><th scope="col">Publisher held out</th><th scope="col">Figures</th><th scope="col">Median</th><th scope="col">Within 1.5×</th><th scope="col">Within 2×</th><th scope="col">Worst</th><th scope="col">Worst figure</th></tr></thead>
<tbody>
${pubRows}
</tbody>
</table>
</div>
<div class="table-wrap">
<table id="validation-table" class="calibration">
<caption>Measured, predicted with the defaults, and the error factors in-sample and held out by publisher.</caption>
<thead><tr><th scope="col">Measurement (source)</th><th scope="col">Metric</th><th scope="col">Measured</th><th scope="col">Predicted</th><th scope="col">Error</th><th scope="col">Held out by publisher</th><th scope="col">Publisher</th><th scope="col">Engine</th><th scope="col">Source, date</th></tr></thead>
<tbody>
${valRows}
</tbody>
</table>
</div>
</section>`;
}
