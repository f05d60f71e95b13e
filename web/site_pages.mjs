#!/usr/bin/env node
// Build step: the generated pages and assets of the site around the calculator, all computed
// by the costlab CLI (the same core, compiled for node) when the site is built, so none of it
// can drift from the code:
//
//   methodology.html     the model's equations, every scenario field with its default and the
//                        source of that default (`costlab list fields`), the measured ceilings
//                        (core/data/accelerators.json), the validation tables (`costlab validate
//                        --by-publisher`: tests/validation/, in-sample and held out by
//                        publisher), known limits: methodology*.mjs
//   costlab-default.png  the default comparison as a picture (1200 x 630: og:image, oEmbed
//                        thumbnail, print and no-script fallback): `costlab render`'s figure,
//                        recompressed with node's zlib
//   oembed.json          the oEmbed answer for the default embed (type "rich", an <iframe>)
//   embed-example.html   site/embed-example.html with each <!--costlab:table #v=2&...--> marker
//                        replaced by that scenario's numbers as a table (what feed readers,
//                        e-mail and print show where the iframe is stripped)
//
//   node web/site_pages.mjs <costlab cli> <site/embed-example.html>
//                           <out dir> [site url]
//
// [site url] (CMake: -DCOSTLAB_SITE_URL=https://example.org/costlab/) makes the URLs in
// oembed.json and the og: tags absolute, as oEmbed consumers expect; without it they are
// relative to the site's root.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import zlib from 'node:zlib';
import { replies, staticTable } from './prerender.mjs';
import { methodologyHtml } from './methodology.mjs';
import { runCli } from './run_cli.mjs';

export const PNG_NAME = 'costlab-default.png';
export const PNG_W = 1200;
export const PNG_H = 630;
export const EMBED_W = 800;
export const EMBED_H = 640;



// ---- validation ------------------------------------------------------------------------
const METRIC_LABELS = {
  output_tokens_per_second_per_gpu: 'tokens/s per GPU',
  images_per_second_per_gpu: 'images/s per GPU',
  seconds_per_query: 'seconds per query',
  gpu_energy_wh: 'GPU Wh per query',
  gpu_energy_j_per_output_token: 'GPU J per output token',
  gpu_power_w: 'W per GPU',
};

// `costlab validate --by-publisher --format json`: every row of tests/validation/measurements.json
// (compiled into the CLI) with its in-sample prediction and its prediction by a fit on the other
// publishers (13 refits, seconds), the summaries and one summary per publisher. Leave-one-out
// (`costlab validate`, one refit per row: minutes, longer under node) is not run here.
export function evaluateValidation(cli) {
  const v = runCli(cli, ['validate', '--by-publisher', '--format', 'json']);
  for (const r of v.rows) r.metric_label = METRIC_LABELS[r.metric] || r.metric;
  return v;
}


// ---- the PNG -----------------------------------------------------------------------------
// `costlab render` draws the figure (gui/picture.cpp: Inter, the same layout as the native
// CLI). The wasm CLI has no zlib, so its PNG holds stored deflate blocks: the image data is
// inflated and deflated again here at level 9, the other chunks kept as they are.
let crcTable = null;
function crc32(buf) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, body) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  const tb = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(tb));
  return Buffer.concat([len, tb, crc]);
}

export function recompressPng(png) {
  const sig = png.subarray(0, 8);
  if (sig.compare(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) !== 0)
    throw new Error('costlab render did not write a PNG');
  const before = [], idat = [], after = [];
  for (let at = 8; at + 12 <= png.length;) {
    const n = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + n);
    if (type === 'IDAT') idat.push(body);
    else (idat.length ? after : before).push(chunk(type, body));
    at += 12 + n;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  return Buffer.concat([sig, ...before, chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), ...after]);
}

export function renderDefaultPng(cli) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `costlab-png-${process.pid}-`));
  try {
    const file = path.join(dir, PNG_NAME);
    const isJs = /\.m?js$/.test(cli);
    const args = ['render', '--out', file, '--width', String(PNG_W), '--height', String(PNG_H)];
    execFileSync(isJs ? process.execPath : cli, isJs ? ['--no-experimental-fetch', cli, ...args] : args,
      { stdio: ['ignore', 'ignore', 'inherit'] });
    return recompressPng(fs.readFileSync(file));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---- oembed.json ---------------------------------------------------------------------------
export const DEFAULT_FRAGMENT = 'v=2';
export function embedId(fragment) {
  let h = 2166136261;
  for (let i = 0; i < fragment.length; i++) h = Math.imul(h ^ fragment.charCodeAt(i), 16777619) >>> 0;
  return 'costlab-' + ('0000000' + h.toString(16)).slice(-8).slice(0, 6);
}
export function oembedJson(report, base) {
  const title = `One AI image ≈ ${replies(report.ratios.image_to_text_usd)} — costlab`;
  // The same one line as the page's "Copy embed snippet" and the GUI's Share panel
  // (web/page/share.js embedSnippet(), SharePanel::embed_id), for the default scenario: the id is
  // FNV-1a of the fragment, so costlab-embed.js can size it.
  const id = embedId(DEFAULT_FRAGMENT);
  const html = `<iframe id="${id}" src="${base}embed.html?id=${id}#${DEFAULT_FRAGMENT}" width="100%" height="${EMBED_H}" ` +
    `style="border:0;max-width:${EMBED_W}px" loading="lazy" title="costlab: AI image vs chat reply cost"></iframe>`;
  return {
    version: '1.0',
    type: 'rich',
    provider_name: 'costlab',
    provider_url: base || './',
    title,
    html,
    width: EMBED_W,
    height: EMBED_H,
    thumbnail_url: base + PNG_NAME,
    thumbnail_width: PNG_W,
    thumbnail_height: PNG_H,
    cache_age: 86400,
  };
}

function main() {
  const [cli, example, outDir, baseArg = ''] = process.argv.slice(2);
  if (!cli || !example || !outDir) {
    console.error('usage: node web/site_pages.mjs <costlab cli> <site/embed-example.html> <out dir> [site url]');
    process.exit(2);
  }
  const base = baseArg && !baseArg.endsWith('/') ? baseArg + '/' : baseArg;
  const report = runCli(cli, ['compare', '--format', 'json']);
  const fields = runCli(cli, ['list', 'fields', '--format', 'json']);
  const models = runCli(cli, ['list', 'models', '--format', 'json']);
  const gpus = runCli(cli, ['list', 'gpus', '--format', 'json']);
  const names = { models: {}, gpus: {} };
  for (const m of [...(models.text_models || []), ...(models.image_models || [])]) names.models[m.id] = m.name || m.id;
  for (const g of gpus) names.gpus[g.id] = g.name || g.id;
  const validation = evaluateValidation(cli);
  const outside = validation.rows.filter((r) => !(r.held_out_error_factor < 2));
  if (outside.length) console.error(`site_pages: ${outside.length} of ${validation.rows.length} validation figures are outside 2x held out by publisher`);
  // The measured ceilings (achievable_*), read from the catalog file itself: `list gpus` omits them.
  const catalog = new URL('../core/data/accelerators.json', import.meta.url);
  const accelerators = JSON.parse(fs.readFileSync(catalog, 'utf8')).accelerators;

  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'methodology.html'), methodologyHtml({ fields, validation, report, names, base, accelerators, png: { name: PNG_NAME, width: PNG_W, height: PNG_H } }));
  fs.writeFileSync(path.join(outDir, PNG_NAME), renderDefaultPng(cli));
  let post = fs.readFileSync(example, 'utf8');
  // The example pins its host script by Subresource Integrity, as the README tells bloggers
  // to: the hash of costlab-embed.js beside it (the site copies it byte for byte).
  const embedJs = fs.readFileSync(path.join(path.dirname(example), 'costlab-embed.js'));
  const sri = 'sha384-' + crypto.createHash('sha384').update(embedJs).digest('base64');
  post = post.replace(/<script src="costlab-embed\.js" async><\/script>/g,
    `<script src="costlab-embed.js" integrity="${sri}" crossorigin="anonymous" async></script>`);
  post = post.replace(/<!--costlab:table (#v=\d[^ ]*?)-->/g, (_, fragment) =>
    staticTable(runCli(cli, ['compare', '--fragment', fragment.replace(/&amp;/g, '&'), '--format', 'json']), names));
  if (base) post = post.replace(/(<meta property="og:image" content=")([^"]+)"/, (_, a, b) => `${a}${base}${b}"`);
  if (post.includes('<!--costlab:')) throw new Error(`${example}: a costlab marker was left unreplaced`);
  fs.writeFileSync(path.join(outDir, 'embed-example.html'), post);
  fs.writeFileSync(path.join(outDir, 'oembed.json'), JSON.stringify(oembedJson(report, base), null, 2) + '\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) main();
