// The HTML twin of the canvas, for screen readers and readers without WebGL2: the results
// table (#results), the aria-live summary, the warnings, the scenario in words and what the
// measured device would take. Everything it shows comes from a core result; start at show(),
// which the canvas host's publish() and (without the canvas) url-state.js call.
import { byId } from './shell.js';
import { fmt3, fmtInt, ratioNumber, rate, ratio, countPhrase } from './format.js';
import { syncForm } from './form.js';
import { hardwareStatus } from './hardware.js';

// The catalog (names of models and accelerators) and the results, set by main.js and show().
export var catalog = { accelerators: [], text_models: [], image_models: [] };
export var lastGood = null;      // the last result shown: {scenario, fragment, report, display}
export var defaultResult = null; // the default scenario's result
export function setCatalog(c) { catalog = c; }
export function setDefaultResult(r) { defaultResult = r; }

export function nameOf(list, id) {
  for (var i = 0; i < list.length; i++) if (list[i].id === id) return list[i].name || id;
  return id === 'your-device' ? 'your device (measured)' : id;
}
function findIn(list, id) {
  for (var i = 0; i < list.length; i++) if (list[i].id === id) return list[i];
  return null;
}

function cell(metric, workload) {
  return document.querySelector('#results tr[data-metric="' + metric + '"] td[data-workload="' + workload + '"]');
}
function setCell(metric, workload, text, value, detail) {
  var td = cell(metric, workload);
  if (!td) return;
  td.textContent = text;
  if (detail) {
    var span = document.createElement('span');
    span.className = 'detail';
    span.textContent = detail;
    td.appendChild(span);
  }
  if (typeof value === 'number') td.setAttribute('data-value', String(value));
  else td.removeAttribute('data-value');
}
function setRatio(metric, value) {
  var s = ratioNumber(value);
  setCell(metric, 'ratio', s === null ? '—' : s + '×', s === null ? null : value);
}

var FIGURES = ['seconds_per_query', 'gpu_seconds_per_query', 'usd_per_query', 'gpu_energy_wh',
               'it_energy_wh', 'facility_energy_wh', 'co2_g_per_query', 'water_l_per_query',
               'embodied_co2_g_per_query'];

function boundText(b) { return b ? String(b) + '-bound' : '—'; }

function memoryText(w, d) {
  var needed = d.memory_needed || (w.memory_gb_needed + ' GB');
  var avail = d.memory_available || (w.memory_gb_available !== undefined ? w.memory_gb_available + ' GB' : '');
  var head = w.fits === false ? 'does not fit' : 'fits';
  var detail = needed + (avail ? ' of ' + avail : '');
  if (w.fits === false && w.min_gpus_to_fit > (w.gpus || 1)) detail += '; needs ' + w.min_gpus_to_fit + ' GPUs';
  else if (w.fits === false && w.min_gpus_to_fit === 0) detail += '; no GPU count holds it';
  return { head: head, detail: detail };
}

function defaultSummary(r) {
  var usd = ratio(r.image.usd_per_query, r.text.usd_per_query);
  var energy = ratio(r.image.facility_energy_wh, r.text.facility_energy_wh);
  return 'One image costs as much as ' + countPhrase(usd, 'chat reply', 'chat replies') +
    ', and uses as much energy as ' + countPhrase(energy, 'reply', 'replies') + '.';
}

function renderReport(res, summary) {
  var r = res.report, d = res.display || { text: {}, image: {} };
  // The video column shows when the scenario has the video workload on (the report has it).
  var withVideo = !!r.video;
  Array.prototype.forEach.call(document.querySelectorAll('#results .video-col'), function (e) { e.hidden = !withVideo; });
  (withVideo ? ['text', 'image', 'video'] : ['text', 'image']).forEach(function (k) {
    var w = r[k] || {}, dk = d[k] || {};
    // A figure the core does not stand behind is null in its report and "not shown" in the
    // display strings: never a plain number (nor a data-value) here either.
    FIGURES.forEach(function (f) {
      var v = typeof w[f] === 'number' ? w[f] : null;
      setCell(f, k, v === null ? 'not shown' : (dk[f] !== undefined ? dk[f] : String(v)), v);
    });
    // The first answer: a reply streams from its first token (then tokens/s per user); an
    // image or video comes whole (model_text.cpp: continuous batching).
    var first = k === 'text' ? w.time_to_first_token_s : w.seconds_per_query;
    first = typeof first === 'number' ? first : null;
    setCell('first_answer', k, first === null ? 'not shown' : (dk.first_answer || String(first)), first,
            k === 'text' && first !== null && dk.tokens_per_s_per_user ? 'then ' + dk.tokens_per_s_per_user + ' per user' : null);
    setCell('bound', k, boundText(w.bound), null);
    // Rates are written here, not by format_si: "0.21 images/s" reads better than "210 mimages/s".
    var perSecond = k === 'text' && typeof w.output_tokens_per_second === 'number'
      ? rate(w.output_tokens_per_second, 'tokens/s') : null;
    setCell('queries_per_second', k, rate(w.queries_per_second, k === 'text' ? 'replies/s' : k === 'video' ? 'videos/s' : 'images/s'),
            w.queries_per_second, perSecond);
    var m = memoryText(w, dk);
    setCell('memory', k, m.head, null, m.detail);
  });
  FIGURES.concat(['queries_per_second']).forEach(function (f) {
    setRatio(f, ratio((r.image || {})[f], (r.text || {})[f]));
  });
  setCell('first_answer', 'ratio', '—', null);
  setCell('bound', 'ratio', '—', null);
  setCell('memory', 'ratio', '—', null);

  var s = byId('summary');
  s.textContent = summary || (d.summary) || defaultSummary(r);
  s.setAttribute('data-ratio', String(ratio(r.image.usd_per_query, r.text.usd_per_query)));

  var warnings = [];
  (withVideo ? ['text', 'image', 'video'] : ['text', 'image']).forEach(function (k) {
    ((r[k] || {}).warnings || []).forEach(function (w) {
      warnings.push((k === 'text' ? 'Chat reply: ' : k === 'video' ? 'Video: ' : 'Image: ') + w);
    });
  });
  var ul = byId('warnings');
  ul.textContent = '';
  warnings.forEach(function (w) {
    var li = document.createElement('li');
    li.textContent = w;
    ul.appendChild(li);
  });
  ul.hidden = warnings.length === 0;
  byId('results-wrap').hidden = false;
  byId('twin').removeAttribute('aria-busy');
}

function renderInputs(s) {
  var t = s.text || {}, im = s.image || {}, sv = s.serving || {};
  var textParts = [nameOf(catalog.text_models, t.model), t.precision,
    fmtInt.format(t.input_tokens) + ' tokens in, ' + fmtInt.format(t.output_tokens) + ' out' +
      (t.reasoning_tokens ? ' + ' + fmtInt.format(t.reasoning_tokens) + ' reasoning' : ''),
    t.batch === 'max' ? 'batch: as many as fit' : 'batch ' + t.batch];
  if (t.gpus > 1) textParts.push(t.gpus + ' GPUs');
  byId('in-text').textContent = textParts.join(' · ');

  var model = findIn(catalog.image_models, im.model);
  var steps = typeof im.steps === 'number' ? im.steps + ' steps'
    : (model && model.default_steps ? model.default_steps + ' steps (model default)' : 'model default steps');
  var imageParts = [nameOf(catalog.image_models, im.model), im.precision,
    im.width_px + '×' + im.height_px + ' px'];
  if (!model || model.family !== 'autoregressive') imageParts.push(steps);
  imageParts.push(im.batch === 'max' ? 'batch: as many as fit' : 'batch ' + im.batch);
  if (im.gpus > 1) imageParts.push(im.gpus + ' GPUs');
  byId('in-image').textContent = imageParts.join(' · ');

  var acc = findIn(catalog.accelerators, sv.accelerator);
  var price = (typeof sv.usd_per_gpu_hour === 'number' && sv.usd_per_gpu_hour >= 0) ? sv.usd_per_gpu_hour
    : (acc ? acc.usd_per_gpu_hour : null);
  var servingParts = [nameOf(catalog.accelerators, sv.accelerator)];
  if (sv.ownership === 'owned') servingParts.push('owned');
  else if (typeof price === 'number') servingParts.push('$' + fmt3.format(price) + ' per GPU-hour');
  if (typeof sv.grid_gco2_per_kwh === 'number') servingParts.push(fmtInt.format(sv.grid_gco2_per_kwh) + ' gCO₂/kWh grid');
  if (typeof sv.pue === 'number') servingParts.push('PUE ' + sv.pue);
  byId('in-serving').textContent = servingParts.join(' · ');
}

// What the measured device would take, in the GUI's own words (gui/results.cpp
// device_sentences, from the core's estimate): under the hardware section's status line.
function renderDevice(d) {
  var box = byId('hw-words');
  if (!box) {
    var status = byId('hw-status');
    if (!status) return;
    box = document.createElement('div');
    box.id = 'hw-words';
    status.parentNode.insertBefore(box, status.nextSibling);
  }
  box.textContent = '';
  if (!d || !d.sentences || !d.sentences.length) { box.hidden = true; return; }
  var head = document.createElement('p');
  head.className = 'hw-origin';
  head.textContent = hardwareStatus().has_result ? 'What this device would take:'
    : 'Measured on the sender\'s device (' + d.label + '), carried by the link:';
  box.appendChild(head);
  d.sentences.forEach(function (t) {
    var p = document.createElement('p');
    p.setAttribute('data-hw-sentence', '');
    p.textContent = t;
    box.appendChild(p);
  });
  box.hidden = false;
}

export function show(res, summary) {
  lastGood = res;
  renderReport(res, summary);
  renderDevice(res.device);
  renderInputs(res.scenario);
  syncForm(res.scenario, false);
}
