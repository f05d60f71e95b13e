// costlab plain page: loads the wasm cost model (costlab.js, built from web/wasm_api.cpp),
// evaluates the scenario in the URL fragment (the default when there is none), fills the
// comparison table, and re-evaluates on every edit of the small form, writing the new
// scenario back into the fragment with history.replaceState. Every number and every check
// comes from the core; this file only moves strings and builds DOM.
//
// Test hooks: <html data-state="loading|ready|error|no-wasm"> says where the page is;
// each result cell carries data-value (the raw number from the report, full precision).
(function () {
  'use strict';

  var MAX_FRAGMENT_CHARS = 4096; // a share link is ~100 chars; refuse absurd ones early

  var root = document.documentElement;
  function byId(id) { return document.getElementById(id); }
  function setState(s) { root.setAttribute('data-state', s); }
  setState('loading');

  // ---- messages ------------------------------------------------------------------------
  var fieldLabels = {}; // json_path -> label, from the core's field table

  function clearStatus() {
    var box = byId('status');
    box.hidden = true;
    box.className = 'message';
    box.removeAttribute('data-kind');
    box.textContent = '';
  }

  // title: one sentence; errors: [{field, message}] from the core; after: what the page does now.
  function showStatus(kind, title, errors, after) {
    var box = byId('status');
    box.textContent = '';
    box.className = 'message error';
    box.setAttribute('data-kind', kind);
    var p = document.createElement('p');
    p.textContent = title;
    box.appendChild(p);
    if (errors && errors.length) {
      var ul = document.createElement('ul');
      errors.forEach(function (e) {
        var li = document.createElement('li');
        var field = String(e.field || '');
        if (field) {
          var label = fieldLabels[field];
          var code = document.createElement('code');
          code.textContent = field;
          if (label) li.appendChild(document.createTextNode(label + ' ('));
          li.appendChild(code);
          li.appendChild(document.createTextNode((label ? ')' : '') + ': '));
        }
        li.appendChild(document.createTextNode(String(e.message || 'invalid value')));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    if (after) {
      var p2 = document.createElement('p');
      p2.textContent = after;
      box.appendChild(p2);
    }
    box.hidden = false;
  }

  function fatal(state, title, detail) {
    setState(state);
    showStatus(state, title, null, detail);
    byId('summary').textContent = 'The calculator could not start.';
    var form = byId('edit');
    if (form) Array.prototype.forEach.call(form.elements, function (e) { e.disabled = true; });
  }

  // ---- number formatting (ratios only; every unit is formatted by the core) --------------
  var fmt2 = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2 });
  var fmt3 = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });
  var fmtInt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

  function ratioNumber(x) {
    if (typeof x !== 'number' || !isFinite(x)) return null;
    if (x >= 100) return fmtInt.format(x);
    return fmt3.format(x);
  }
  function rate(x, unit) {
    if (typeof x !== 'number' || !isFinite(x)) return '—';
    return (x >= 1000 ? fmtInt.format(x) : fmt3.format(x)) + ' ' + unit;
  }
  function ratio(a, b) {
    return (typeof a === 'number' && typeof b === 'number' && b > 0) ? a / b : NaN;
  }
  function countPhrase(n, one, many) {
    if (!isFinite(n)) return 'an unknown number of ' + many;
    var s = n >= 10 ? fmtInt.format(n) : fmt2.format(n);
    if (n < 1) return s + ' of a ' + one;
    return s + ' ' + (s === '1' ? one : many);
  }

  // ---- the API over the wasm module ------------------------------------------------------
  function makeApi(M) {
    var evalJson = M.cwrap('costlab_evaluate_json', 'string', ['string']);
    var evalFragment = M.cwrap('costlab_evaluate_fragment', 'string', ['string']);
    var defaultJson = M.cwrap('costlab_default_scenario_json', 'string', []);
    var catalogJson = M.cwrap('costlab_catalog_json', 'string', []);
    var fieldsJson = M.cwrap('costlab_fields_json', 'string', []);
    return {
      evaluateJson: function (text) { return JSON.parse(evalJson(text)); },
      evaluateFragment: function (frag) { return JSON.parse(evalFragment(frag)); },
      defaultScenario: function () { return JSON.parse(defaultJson()); },
      catalog: function () { return JSON.parse(catalogJson()); },
      fields: function () { return JSON.parse(fieldsJson()); }
    };
  }

  var api = null;
  var catalog = { accelerators: [], text_models: [], image_models: [] };
  var lastGood = null;     // the last result with ok:true: {scenario, fragment, report, display}
  var defaultResult = null;

  function nameOf(list, id) {
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return list[i].name || id;
    return id;
  }
  function findIn(list, id) {
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return list[i];
    return null;
  }

  // ---- rendering -------------------------------------------------------------------------
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
                 'it_energy_wh', 'facility_energy_wh', 'co2_g_per_query'];

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

  function renderReport(res) {
    var r = res.report, d = res.display || { text: {}, image: {} };
    ['text', 'image'].forEach(function (k) {
      var w = r[k] || {}, dk = d[k] || {};
      FIGURES.forEach(function (f) {
        setCell(f, k, dk[f] !== undefined ? dk[f] : String(w[f]), w[f]);
      });
      setCell('bound', k, boundText(w.bound), null);
      // Rates are written here, not by format_si: "0.21 images/s" reads better than "210 mimages/s".
      var perSecond = k === 'text' && typeof w.output_tokens_per_second === 'number'
        ? rate(w.output_tokens_per_second, 'tokens/s') : null;
      setCell('queries_per_second', k, rate(w.queries_per_second, k === 'text' ? 'replies/s' : 'images/s'),
              w.queries_per_second, perSecond);
      var m = memoryText(w, dk);
      setCell('memory', k, m.head, null, m.detail);
    });
    FIGURES.concat(['queries_per_second']).forEach(function (f) {
      setRatio(f, ratio((r.image || {})[f], (r.text || {})[f]));
    });
    setCell('bound', 'ratio', '—', null);
    setCell('memory', 'ratio', '—', null);

    var usd = ratio(r.image.usd_per_query, r.text.usd_per_query);
    var energy = ratio(r.image.facility_energy_wh, r.text.facility_energy_wh);
    byId('summary').textContent = 'One image costs as much as ' + countPhrase(usd, 'chat reply', 'chat replies') +
      ', and uses as much energy as ' + countPhrase(energy, 'reply', 'replies') + '.';
    byId('summary').setAttribute('data-ratio', String(usd));

    var warnings = [];
    ['text', 'image'].forEach(function (k) {
      ((r[k] || {}).warnings || []).forEach(function (w) {
        warnings.push((k === 'text' ? 'Chat reply: ' : 'Image: ') + w);
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
  }

  function renderInputs(s) {
    var t = s.text || {}, im = s.image || {}, sv = s.serving || {};
    var textParts = [nameOf(catalog.text_models, t.model), t.precision,
      fmtInt.format(t.input_tokens) + ' tokens in, ' + fmtInt.format(t.output_tokens) + ' out' +
        (t.reasoning_tokens ? ' + ' + fmtInt.format(t.reasoning_tokens) + ' reasoning' : ''),
      t.batch === 0 ? 'batch: as many as fit' : 'batch ' + t.batch];
    if (t.gpus > 1) textParts.push(t.gpus + ' GPUs');
    byId('in-text').textContent = textParts.join(' · ');

    var model = findIn(catalog.image_models, im.model);
    var steps = im.steps ? im.steps + ' steps'
      : (model && model.default_steps ? model.default_steps + ' steps (model default)' : 'model default steps');
    var imageParts = [nameOf(catalog.image_models, im.model), im.precision,
      im.width_px + '×' + im.height_px + ' px'];
    if (!model || model.family !== 'autoregressive') imageParts.push(steps);
    imageParts.push(im.batch === 0 ? 'batch: as many as fit' : 'batch ' + im.batch);
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

  // ---- the form --------------------------------------------------------------------------
  var form = byId('edit');
  function controls() { return Array.prototype.slice.call(form.querySelectorAll('[name]')); }

  function getPath(obj, path) {
    return path.split('.').reduce(function (o, k) { return o == null ? undefined : o[k]; }, obj);
  }
  function setPath(obj, path, value) {
    var keys = path.split('.'), o = obj;
    for (var i = 0; i < keys.length - 1; i++) {
      if (o[keys[i]] == null || typeof o[keys[i]] !== 'object') o[keys[i]] = {};
      o = o[keys[i]];
    }
    o[keys[keys.length - 1]] = value;
  }

  function fillSelect(select, list, current) {
    select.textContent = '';
    var seen = false;
    list.forEach(function (item) {
      var opt = document.createElement('option');
      opt.value = item.id;
      opt.textContent = item.name && item.name !== item.id ? item.name : item.id;
      if (item.id === current) seen = true;
      select.appendChild(opt);
    });
    if (!seen && current) {
      var extra = document.createElement('option');
      extra.value = current;
      extra.textContent = current;
      select.appendChild(extra);
    }
  }

  function syncForm(s, force) {
    controls().forEach(function (c) {
      var v = getPath(s, c.name);
      if (v === undefined || v === null) return;
      if (!force && document.activeElement === c && c.tagName === 'INPUT' && Number(c.value) === v) return;
      c.value = String(v);
      c.removeAttribute('aria-invalid');
    });
  }

  function markInvalid(errors) {
    var bad = {};
    (errors || []).forEach(function (e) { bad[e.field] = true; });
    controls().forEach(function (c) {
      if (bad[c.name]) c.setAttribute('aria-invalid', 'true');
      else c.removeAttribute('aria-invalid');
    });
  }

  // The form's values over the last good scenario; local errors for inputs that are not numbers.
  function readForm(base) {
    var s = JSON.parse(JSON.stringify(base));
    var errors = [];
    controls().forEach(function (c) {
      if (c.getAttribute('data-kind') === 'int') {
        var raw = String(c.value).trim();
        if (!/^[+-]?\d+$/.test(raw)) {
          errors.push({ field: c.name, message: raw === '' ? 'enter a whole number' : '"' + raw + '" is not a whole number' });
          return;
        }
        setPath(s, c.name, parseInt(raw, 10));
      } else {
        setPath(s, c.name, c.value);
      }
    });
    return { scenario: s, errors: errors };
  }

  function writeFragment(fragment) {
    var url = location.pathname + location.search + (fragment ? '#' + fragment : '');
    try { history.replaceState(null, '', url); } catch (e) { /* sandboxed frames may refuse */ }
  }

  function show(res) {
    lastGood = res;
    renderReport(res);
    renderInputs(res.scenario);
  }

  function safely(fn) {
    try { return fn(); } catch (e) {
      fatal('error', 'The cost model stopped with an internal error.', String(e && e.message || e) + ' Reload the page to start again.');
      return null;
    }
  }

  // commit: the user finished an edit (change, Enter, Apply): show errors if it is invalid.
  // Without commit (typing) an invalid value is ignored quietly until the edit is finished.
  function onEdit(commit) {
    if (!api || !lastGood) return;
    var read = readForm(lastGood.scenario);
    var res = read.errors.length ? { ok: false, errors: read.errors }
      : safely(function () { return api.evaluateJson(JSON.stringify(read.scenario)); });
    if (!res) return;
    if (res.ok) {
      clearStatus();
      markInvalid([]);
      show(res);
      writeFragment(res.fragment);
      setState('ready');
    } else if (commit) {
      markInvalid(res.errors);
      showStatus('edit', 'That change cannot be computed:', res.errors,
                 'The numbers below are still those of the last valid scenario.');
    }
  }

  function loadFromHash() {
    var frag = location.hash.replace(/^#/, '');
    if (frag === '') {
      clearStatus();
      show(defaultResult);
      syncForm(defaultResult.scenario, true);
      return;
    }
    var res = frag.length > MAX_FRAGMENT_CHARS
      ? { ok: false, errors: [{ field: 'fragment', message: 'the link is ' + frag.length + ' characters long; at most ' + MAX_FRAGMENT_CHARS + ' are read' }] }
      : safely(function () { return api.evaluateFragment(frag); });
    if (!res) return;
    if (res.ok) {
      clearStatus();
      show(res);
      syncForm(res.scenario, true);
    } else {
      showStatus('link', 'The scenario in this link cannot be used:', res.errors,
                 'Showing the default comparison instead.');
      show(defaultResult);
      syncForm(defaultResult.scenario, true);
    }
  }

  function start(M) {
    api = makeApi(M);
    var ok = safely(function () {
      catalog = api.catalog();
      api.fields().forEach(function (f) {
        fieldLabels[f.json_path] = f.label;
        var c = form.querySelector('[name="' + f.json_path + '"]');
        if (c && c.tagName === 'INPUT') {
          if (typeof f.min === 'number' && isFinite(f.min)) c.min = String(f.min);
          if (typeof f.max === 'number' && isFinite(f.max)) c.max = String(f.max);
        }
      });
      defaultResult = api.evaluateJson(JSON.stringify(api.defaultScenario()));
      return true;
    });
    if (!ok) return;
    if (!defaultResult || !defaultResult.ok) {
      fatal('error', 'The default scenario does not evaluate; this build is broken.',
            (defaultResult && defaultResult.errors || []).map(function (e) { return e.field + ': ' + e.message; }).join('; '));
      return;
    }
    var d = defaultResult.scenario;
    fillSelect(byId('f-text-model'), catalog.text_models, d.text.model);
    fillSelect(byId('f-image-model'), catalog.image_models, d.image.model);
    fillSelect(byId('f-accelerator'), catalog.accelerators, d.serving.accelerator);

    loadFromHash();
    setState('ready');

    form.addEventListener('input', function () { onEdit(false); });
    form.addEventListener('change', function () { onEdit(true); });
    form.addEventListener('submit', function (e) { e.preventDefault(); onEdit(true); });
    byId('reset').addEventListener('click', function () {
      writeFragment('');
      loadFromHash();
    });
    window.addEventListener('hashchange', loadFromHash);
  }

  // ---- boot ------------------------------------------------------------------------------
  function boot() {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
      fatal('no-wasm', 'This browser cannot run WebAssembly, which the calculator needs.',
            'Use a current version of Firefox, Chrome, Edge or Safari, or turn WebAssembly back on if it was disabled.');
      return;
    }
    if (typeof createCostlab !== 'function') {
      fatal('error', 'The cost model (costlab.js) did not load.', 'Reload the page; if it keeps happening the site is incomplete.');
      return;
    }
    createCostlab().then(start, function (e) {
      fatal('error', 'The cost model (costlab.wasm) could not start.', String(e && e.message || e));
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
})();
