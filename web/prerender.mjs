#!/usr/bin/env node
// Build step: writes the default comparison into index.html, so the page shows numbers before
// (and without) JavaScript: the <noscript> table and the loading placeholder over the canvas.
// The numbers come from the costlab CLI (the same core, compiled for node) run here:
//
//   node web/prerender.mjs <costlab_cli_node.js | native costlab> <site/index.html> <out.html>
//
// Markers replaced in the input: <!--costlab:noscript-->, <!--costlab:placeholder-->.
// Units are written like core/src/report_io.cpp's format_* (the browser tests check that the
// <noscript> cells equal the live twin's, which uses the core's own formatters).
import fs from 'node:fs';
import process from 'node:process';
import { runCli } from './run_cli.mjs';

// ---- report_io.cpp's formatters ------------------------------------------------------
// sig(): printf "%.2g", or "%.0f" from 99.5 up.
export function sig(v) {
  if (Math.abs(v) >= 99.5) return v.toFixed(0);
  if (v === 0) return '0';
  return String(Number(v.toPrecision(2)));
}
export function formatUsd(usd) {
  if (!Number.isFinite(usd)) return 'n/a';
  const a = Math.abs(usd);
  if (a === 0) return '$0';
  if (a >= 1e6) return formatSi(usd, '$');
  if (a >= 100) return '$' + usd.toFixed(0);
  if (a >= 1) return '$' + usd.toFixed(2);
  const decimals = Math.ceil(-Math.log10(a)) + 1;
  return '$' + usd.toFixed(Math.min(decimals, 12));
}
export function formatSi(value, unit) {
  if (!Number.isFinite(value)) return 'n/a';
  const prefixes = ['p', 'n', 'µ', 'm', '', 'k', 'M', 'G', 'T', 'P', 'E'];
  const a = Math.abs(value);
  let exp3 = a > 0 ? Math.floor(Math.log10(a) / 3) : 0;
  exp3 = Math.max(-4, Math.min(6, exp3));
  const scaled = value / Math.pow(1000, exp3);
  if (unit === '$') {
    if (a >= 1e9) return '$' + String(Number((value / 1e9).toPrecision(3))) + ' B';
    if (a >= 1e6) return '$' + String(Number((value / 1e6).toPrecision(3))) + ' M';
    return formatUsd(value);
  }
  return sig(scaled) + ' ' + prefixes[exp3 + 4] + unit;
}
export const formatEnergyWh = (wh) => formatSi(wh, 'Wh');
export const formatMassG = (g) => (Math.abs(g) >= 1e6 ? formatSi(g / 1e6, 't') : formatSi(g, 'g'));
export function formatSeconds(s) {
  if (!Number.isFinite(s)) return 'n/a';
  if (s >= 3600 * 48) return sig(s / 86400) + ' days';
  if (s >= 3600) return sig(s / 3600) + ' h';
  if (s >= 120) return sig(s / 60) + ' min';
  return formatSi(s, 's');
}

// The rows of the page's twin table (site/index.html), in its order.
export const ROWS = [
  ['seconds_per_query', 'Latency', formatSeconds],
  ['gpu_seconds_per_query', 'GPU time (GPU-seconds)', formatSeconds],
  ['usd_per_query', 'Cost ($ per query)', formatUsd],
  ['gpu_energy_wh', 'Energy at the GPU', formatEnergyWh],
  ['it_energy_wh', 'Energy, whole server (IT)', formatEnergyWh],
  ['facility_energy_wh', 'Energy at the facility', formatEnergyWh],
  ['co2_g_per_query', 'CO₂ emitted', formatMassG],
  ['water_l_per_query', 'Water (on-site + off-site)', (l) => formatSi(l, 'L')],
  ['embodied_co2_g_per_query', 'Embodied CO₂ (hardware)', formatMassG],
];

export const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const ratioText = (r) => (Number.isFinite(r) && r > 0 ? (r >= 100 ? r.toFixed(0) : String(Number(r.toPrecision(3)))) + '×' : '—');
export function replies(n) {
  if (!Number.isFinite(n)) return 'an unknown number of chat replies';
  const s = n >= 10 ? Math.round(n).toLocaleString('en-US') : String(Number(n.toPrecision(2)));
  return n < 1 ? `${s} of a chat reply` : `${s} ${s === '1' ? 'chat reply' : 'chat replies'}`;
}

// A figure the core did not stand behind is null in its JSON: words, never a number.
const shown = (v, fmt) => (typeof v === 'number' ? fmt(v) : 'not shown');

export function noscriptHtml(report, names) {
  const t = report.text, im = report.image;
  const gpu = (w) => `${w.gpus} × ${esc(names.gpus[w.accelerator] || w.accelerator)}`;
  const rows = ROWS.map(([key, label, fmt]) =>
    `<tr data-metric="${key}"><th scope="row">${label}</th><td>${esc(shown(t[key], fmt))}</td><td>${esc(shown(im[key], fmt))}</td>` +
    `<td>${ratioText(im[key] / t[key])}</td></tr>`).join('\n');
  return `<noscript>
<div class="message"><p>This calculator runs in your browser and needs JavaScript and WebAssembly to change the scenario. Here is its default comparison, computed when this page was built:</p></div>
<table class="static-results">
<caption>One chat reply (${esc(names.models[t.model] || t.model)}, ${gpu(t)}) next to one image (${esc(names.models[im.model] || im.model)}, ${gpu(im)}): one image costs as much as ${esc(replies(report.ratios.image_to_text_usd))}.</caption>
<thead><tr><th scope="col">Per query</th><th scope="col">Chat reply</th><th scope="col">Image</th><th scope="col">Image ÷ reply</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="static-figure"><img src="costlab-default.png" width="600" height="315" alt="The same comparison as bars (drawn when this page was built): cost, energy and GPU time of one image and one chat reply."></p>
</noscript>`;
}

// The <noscript> table of index.html (above), without the <noscript>, its message and
// its picture: the numbers of one report as a plain table.
export function staticTable(report, names) {
  return noscriptHtml(report, names)
    .replace(/^<noscript>\n/, '')
    .replace(/<div class="message">[\s\S]*?<\/div>\n/, '')
    .replace(/<p class="static-figure">[\s\S]*?<\/p>\n/, '')
    .replace(/\n?<\/noscript>$/, '');
}

export function placeholderHtml(report) {
  const t = report.text, im = report.image;
  return `<p class="ph-big">One image ≈ <strong>${esc(replies(report.ratios.image_to_text_usd))}</strong></p>
<p class="ph-row"><span>Image <strong>${esc(shown(im.usd_per_query, formatUsd))}</strong> · ${esc(shown(im.facility_energy_wh, formatEnergyWh))} · ${esc(shown(im.co2_g_per_query, formatMassG))} CO₂</span>
<span>Reply <strong>${esc(shown(t.usd_per_query, formatUsd))}</strong> · ${esc(shown(t.facility_energy_wh, formatEnergyWh))} · ${esc(shown(t.co2_g_per_query, formatMassG))} CO₂</span></p>
<p class="ph-note">Default comparison · loading the calculator…</p>`;
}

function main() {
  const [cli, input, output] = process.argv.slice(2);
  if (!cli || !input || !output) {
    console.error('usage: node web/prerender.mjs <costlab cli> <site/index.html> <out.html>');
    process.exit(2);
  }
  const report = runCli(cli, ['compare', '--format', 'json']);
  const models = runCli(cli, ['list', 'models', '--format', 'json']);
  const gpus = runCli(cli, ['list', 'gpus', '--format', 'json']);
  const names = { models: {}, gpus: {} };
  for (const m of [...(models.text_models || []), ...(models.image_models || [])]) names.models[m.id] = m.name || m.id;
  for (const g of gpus) names.gpus[g.id] = g.name || g.id;

  let html = fs.readFileSync(input, 'utf8');
  for (const [marker, text] of [['<!--costlab:noscript-->', noscriptHtml(report, names)],
    ['<!--costlab:placeholder-->', placeholderHtml(report)]]) {
    if (!html.includes(marker)) {
      console.error(`prerender: ${input} has no ${marker}`);
      process.exit(1);
    }
    html = html.replace(marker, () => text);
  }
  fs.writeFileSync(output, html);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) main();
