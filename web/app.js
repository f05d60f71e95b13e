// costlab page: the Dear ImGui calculator on a WebGL2 canvas (costlab.js/.wasm, built from
// gui/ over core/) and its HTML twin beside it: a labelled table, an aria-live summary, the
// scenario in words, a small form, and "time my hardware" in plain HTML. The canvas is drawn
// on demand only (input, resize, devicePixelRatio or theme change, a request from the GUI),
// never while hidden or scrolled away. Without WebGL2 the twin and the form still compute
// every figure through the module's plain API; without WebAssembly the page says so and keeps
// the default comparison written in at build time.
//
// The module reaches this file through Module.costlabHost (see makeHost(); the C++ side is
// gui/platform_web.cpp). Every number and every check comes from the core.
//
// site/embed.html (<html data-embed>) runs the same script in embed mode: the compact layout
// (?panels=compare,fleet, ?theme=auto|light|dark, ?bg=transparent, ?id= for the host), the
// canvas sized to the app's content height and that height posted to the parent page
// ({"costlab-height": {id, height}} and AMP's embed-size), and costlab.js/.wasm loaded only
// when the embed nears the viewport (or on a click, on small screens and with Save-Data).
// Elements of index.html that the embed leaves out are stood in for by detached ones.
//
// The full page scrolls the calculator with the page (pageScroll below): the stage is as tall
// as the app's layout, the canvas sticks to the top of the viewport inside it, and the page's
// scroll offset over the stage is the layout's scroll. Drag, fling, wheel and keyboard scroll
// are the browser's own; the section links (#sections) jump to a panel.
//
// Test hooks: <html data-state="loading|ready|error|no-wasm"> and data-canvas="drawn|none";
// window.costlabFrames (frames drawn), window.costlabFrameTimes (ms per frame, last 600),
// window.costlabFirstFrameMs (performance.now() at the first frame), window.costlab (API).
(function () {
  'use strict';

  var root = document.documentElement;
  var embed = root.hasAttribute('data-embed');
  var stubs = {};
  function byId(id) {
    var el = document.getElementById(id);
    if (el || !embed) return el;
    if (!stubs[id]) { stubs[id] = document.createElement(id === 'edit' ? 'form' : 'div'); stubs[id].id = id; }
    return stubs[id];
  }
  function queryParam(name) {
    var m = new RegExp('[?&]' + name + '=([^&#]*)').exec(location.search);
    return m ? decodeURIComponent(m[1].replace(/\+/g, ' ')) : null;
  }
  var embedOpts = {
    id: queryParam('id') || '',
    transparent: embed && queryParam('bg') === 'transparent',
    // What an embed shows unless ?panels= says otherwise: the comparison, compact (about 700 px
    // tall at 760 px wide; the inputs are one ?panels=compare,text,image,serving away).
    panels: embed ? (queryParam('panels') || 'compare') : ''
  };
  if (embedOpts.transparent) root.setAttribute('data-bg', 'transparent');
  function setState(s) { root.setAttribute('data-state', s); }
  setState('loading');
  window.costlabFrames = 0;
  window.costlabFrameTimes = [];
  window.costlabFirstFrameMs = null;

  // ---- messages ------------------------------------------------------------------------
  var fieldLabels = {}; // json_path -> label, from the core's field table

  function clearStatus(kind) {
    var box = byId('status');
    if (kind && box.getAttribute('data-kind') !== kind) return;
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
    var note = document.querySelector('#placeholder .ph-note');
    if (note) note.textContent = 'Default comparison, computed when this page was built.';
    Array.prototype.forEach.call(document.querySelectorAll('#edit [name], #twin button'), function (e) { e.disabled = true; });
  }

  // ---- number formatting (ratios and rates only; every unit is formatted by the core) ----
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

  // ---- the plain API over the wasm module ------------------------------------------------
  function makeApi(M) {
    var evalJson = M.cwrap('costlab_evaluate_json', 'string', ['string']);
    var evalFragment = M.cwrap('costlab_evaluate_fragment', 'string', ['string']);
    var defaultJson = M.cwrap('costlab_default_scenario_json', 'string', []);
    var catalogJson = M.cwrap('costlab_catalog_json', 'string', []);
    var fieldsJson = M.cwrap('costlab_fields_json', 'string', []);
    var loadFragment = M.cwrap('costlab_app_load_fragment', 'string', ['string']);
    return {
      evaluateJson: function (text) { return JSON.parse(evalJson(text)); },
      evaluateFragment: function (frag) { return JSON.parse(evalFragment(frag)); },
      defaultScenario: function () { return JSON.parse(defaultJson()); },
      catalog: function () { return JSON.parse(catalogJson()); },
      fields: function () { return JSON.parse(fieldsJson()); },
      appLoadFragment: function (frag) { return JSON.parse(loadFragment(frag)); },
      key: M.cwrap('costlab_key', 'number', ['string', 'string', 'number', 'number']),
      text: M.cwrap('costlab_text', null, ['string']),
      hardwareUpdate: M.cwrap('costlab_hardware_update', null, ['string']),
      clipboardArrived: M.cwrap('costlab_clipboard_text', null, ['string'])
    };
  }

  var M = null;            // the module
  var api = null;
  var catalog = { accelerators: [], text_models: [], image_models: [] };
  var lastGood = null;     // the last result shown: {scenario, fragment, report, display}
  var defaultResult = null;
  var appRunning = false;  // the ImGui app draws on the canvas

  function nameOf(list, id) {
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return list[i].name || id;
    return id === 'your-device' ? 'your device (measured)' : id;
  }
  function findIn(list, id) {
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return list[i];
    return null;
  }

  // ---- the twin --------------------------------------------------------------------------
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
    head.textContent = hw.status.has_result ? 'What this device would take:'
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

  function show(res, summary) {
    lastGood = res;
    renderReport(res, summary);
    renderDevice(res.device);
    renderInputs(res.scenario);
    syncForm(res.scenario, false);
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
    list.forEach(function (item) {
      var opt = document.createElement('option');
      opt.value = item.id;
      opt.textContent = item.name && item.name !== item.id ? item.name : item.id;
      select.appendChild(opt);
    });
    ensureOption(select, current);
  }
  function ensureOption(select, value) {
    if (!value || select.tagName !== 'SELECT') return;
    for (var i = 0; i < select.options.length; i++) if (select.options[i].value === value) return;
    var extra = document.createElement('option');
    extra.value = value;
    extra.textContent = nameOf([], value);
    select.appendChild(extra);
  }

  function syncForm(s, force) {
    controls().forEach(function (c) {
      var v = getPath(s, c.name);
      if (v === undefined || v === null) return;
      if (!force && document.activeElement === c) return; // never under the user's caret
      ensureOption(c, String(v));
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

  // The form's values over the last good scenario; local errors for inputs that are not numbers
  // (the whole text must be one: "12abc" is refused, not read as 12). The core checks ranges.
  function readForm(base) {
    var s = JSON.parse(JSON.stringify(base));
    var errors = [];
    controls().forEach(function (c) {
      var kind = c.getAttribute('data-kind');
      var raw = String(c.value).trim();
      if (kind === 'int') {
        var word = c.getAttribute('data-auto'); // "max" / "default": the core reads the word
        if (word && raw.toLowerCase() === word) {
          setPath(s, c.name, word);
          return;
        }
        if (!/^[+-]?\d+$/.test(raw)) {
          var expected = word ? 'a whole number or "' + word + '"' : 'a whole number';
          errors.push({ field: c.name, message: raw === '' ? 'enter ' + expected : '"' + raw + '" is not ' + expected });
          return;
        }
        setPath(s, c.name, parseInt(raw, 10));
      } else if (kind === 'number') {
        var v = Number(raw);
        if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw) || !isFinite(v)) {
          errors.push({ field: c.name, message: raw === '' ? 'enter a number' : '"' + raw + '" is not a number' });
          return;
        }
        setPath(s, c.name, v);
      } else {
        setPath(s, c.name, c.value);
      }
    });
    return { scenario: s, errors: errors };
  }

  function writeFragment(fragment) {
    fullLink(fragment);
    var url = location.pathname + location.search + (fragment ? '#' + fragment : '');
    if (fragment ? location.hash === '#' + fragment : location.hash === '') return;
    try { history.replaceState(history.state, '', url); } catch (e) { /* sandboxed frames may refuse */ }
  }

  function safely(fn) {
    try { return fn(); } catch (e) {
      fatal('error', 'The cost model stopped with an internal error.', String(e && e.message || e) + ' Reload the page to start again.');
      return null;
    }
  }

  // A valid result from the form or a link: the app takes it (and publishes back to the twin),
  // or, without the canvas, the twin shows it directly.
  function apply(res) {
    if (appRunning) {
      var r = safely(function () { return api.appLoadFragment(res.fragment); });
      if (r && !r.ok) return r; // (evaluateFragment already dropped the bad fields)
      frames.request(1, true);
    } else {
      show(res);
      writeFragment(res.fragment);
    }
    return { ok: true };
  }

  // commit: the user finished an edit (change, Enter, Apply): show errors if it is invalid.
  // Without commit (typing) an invalid value is ignored quietly until the edit is finished.
  function onEdit(commit) {
    if (!api || !lastGood) return;
    var read = readForm(lastGood.scenario);
    var res = read.errors.length ? { ok: false, errors: read.errors }
      : safely(function () { return api.evaluateJson(JSON.stringify(read.scenario)); });
    if (!res) return;
    if (res.ok) res = apply(res);
    if (res.ok) {
      clearStatus('edit');
      markInvalid([]);
    } else if (commit) {
      markInvalid(res.errors);
      showStatus('edit', 'That change cannot be computed:', res.errors,
                 'The numbers are still those of the last valid scenario.');
    }
  }

  // Reads location.hash: a broken link shows what is wrong, then the defaults (never a blank page).
  function checkFragment(frag) {
    if (frag === '') return { ok: true, fragment: '' };
    // The core refuses a fragment over its size limit (limits.h) with a message that says so.
    return safely(function () { return api.evaluateFragment(frag); }) || { ok: false, errors: [] };
  }

  // A new fragment (hashchange, or the page's first load without the canvas).
  function loadFromHash() {
    var res = checkFragment(currentFragment());
    if (!res.ok) {
      showStatus('link', 'The scenario in this link cannot be used:', res.errors,
                 appRunning ? 'Keeping the current scenario.' : 'Showing the default comparison instead.');
      if (!appRunning) show(defaultResult);
      return;
    }
    var a = apply(res.fragment === '' ? defaultResult : res);
    if (!a.ok) showStatus('link', 'The scenario in this link cannot be used:', a.errors, 'Keeping the current scenario.');
    else if (res.ignored && res.ignored.length) {
      // A link with some bad fields: the good ones are applied, the bad ones named.
      showStatus('link', 'Some fields of this link cannot be used:', res.ignored,
                 'The other fields of the link are applied; these keep their defaults.');
    } else clearStatus('link');
  }

  function currentFragment() { return location.hash.replace(/^#/, ''); }

  // The embed's "open the full calculator" link: index.html beside it, same scenario.
  function fullLink(fragment) {
    var a = embed && document.getElementById('full-link');
    if (a) a.href = 'index.html' + (fragment ? '#' + fragment : '');
  }

  // ---- clipboard -------------------------------------------------------------------------
  var clip = { text: '' }; // what ImGui pastes: the last paste event, or what we copied

  function fallbackCopy(text) {
    var active = document.activeElement;
    var ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.className = 'offscreen';
    document.body.appendChild(ta);
    ta.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    ta.remove();
    if (active && active.focus) active.focus({ preventScroll: true });
    return ok;
  }

  function copyText(text) {
    clip.text = text;
    window.costlabLastCopy = text;
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return fallbackCopy(text); });
    }
    return Promise.resolve(fallbackCopy(text));
  }

  document.addEventListener('paste', function (e) {
    var t = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
    if (e.target === canvas || e.target === ime) {
      clip.text = t;
      if (e.target === ime && appRunning) { // phones: the text goes in as typed characters
        e.preventDefault();
        api.text(t);
        frames.request(1);
      }
    }
  }, true);

  // ---- files -----------------------------------------------------------------------------
  function download(name, blob) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.className = 'offscreen';
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    window.costlabLastSave = { name: name, type: blob.type, size: blob.size };
  }

  var pendingPng = null; // {name, x, y, w, h}: grabbed right after the frame that asked for it
  function grabPng() {
    var p = pendingPng;
    pendingPng = null;
    var sx = canvas.width / (canvasCss.w || 1), sy = canvas.height / (canvasCss.h || 1);
    var w = p.w > 0 ? p.w : canvasCss.w, h = p.h > 0 ? p.h : canvasCss.h;
    var out = document.createElement('canvas');
    out.width = Math.max(1, Math.round(w * sx));
    out.height = Math.max(1, Math.round(h * sy));
    // Same task as the draw: the WebGL drawing buffer still holds this frame.
    out.getContext('2d').drawImage(canvas, Math.round(p.x * sx), Math.round(p.y * sy), out.width, out.height,
                                   0, 0, out.width, out.height);
    out.toBlob(function (blob) { if (blob) download(p.name, blob); }, 'image/png');
  }

  // ---- theme -----------------------------------------------------------------------------
  var darkQuery = window.matchMedia ? matchMedia('(prefers-color-scheme: dark)') : null;
  var themeSetting = (function () {
    var q = /[?&]theme=(light|dark|auto)\b/.exec(location.search);
    return q ? q[1] : 'auto';
  })();
  function themeIsDark() {
    return themeSetting === 'dark' || (themeSetting === 'auto' && !!(darkQuery && darkQuery.matches));
  }
  function applyTheme() {
    var dark = themeIsDark();
    root.setAttribute('data-theme', dark ? 'dark' : 'light');
    var sel = byId('theme');
    if (sel) sel.value = themeSetting;
    if (appRunning) {
      M._costlab_set_theme(dark ? 1 : 0);
      frames.request(1);
    }
  }

  // ---- frames: on demand, paused when hidden or scrolled away ----------------------------
  var canvas = byId('canvas');
  var ime = byId('ime');
  var canvasCss = { w: 0, h: 0 };
  var info = { wantText: false, wantKeyboard: false, hovered: false, tooltip: false };
  var lastInput = 'none';      // 'move' | 'button' | 'key' | 'wheel': what the last input was
  var hoverTimer = 0;
  var hoverArmed = false;      // a pointer move may wake one frame later, for a tooltip

  var frames = {
    left: 0, forced: 0, raf: 0, onScreen: true, visible: !document.hidden,
    // n frames from now. force: even while the canvas is scrolled away (a change made
    // outside it, such as the form, still has to reach the twin through the app).
    request: function (n, force) {
      if (n > frames.left) frames.left = n;
      if (force && n > frames.forced) frames.forced = n;
      frames.schedule();
    },
    allowed: function () { return appRunning && frames.visible && (frames.onScreen || frames.forced > 0); },
    schedule: function () {
      if (frames.raf || frames.left <= 0 || !frames.allowed()) return;
      frames.raf = requestAnimationFrame(frames.tick);
    },
    tick: function () {
      frames.raf = 0;
      if (!frames.allowed()) return;
      frames.draw();
      frames.schedule();
    },
    draw: function () {
      // A ratio change the media query missed (some browsers, emulators): caught at the next
      // frame, which input would draw anyway.
      if ((window.devicePixelRatio || 1) !== canvasCss.ratio) resize();
      pageScroll.update();
      frames.left--;
      if (frames.forced > 0) frames.forced--;
      var t0 = performance.now();
      M._costlab_frame();
      var t1 = performance.now();
      if (pendingPng) grabPng();
      window.costlabFrames++;
      var times = window.costlabFrameTimes;
      times.push(t1 - t0);
      if (times.length > 600) times.shift();
      if (window.costlabFirstFrameMs === null) {
        window.costlabFirstFrameMs = t1;
        byId('placeholder').hidden = true;
        root.setAttribute('data-canvas', 'drawn');
      }
    },
    // Runs pending frames now (inside a touch gesture, so a text field can open the keyboard).
    flush: function (max) {
      if (frames.raf) { cancelAnimationFrame(frames.raf); frames.raf = 0; }
      for (var i = 0; i < max && frames.left > 0 && appRunning; i++) frames.draw();
      frames.schedule();
    }
  };

  // After every frame: the cursor, the phone keyboard's <input>, key routing, more frames.
  var CURSORS = ['default', 'text', 'move', 'ns-resize', 'ew-resize', 'nesw-resize', 'nwse-resize', 'pointer', 'not-allowed'];
  var settling = 0; // frames drawn in a row only because the layout was still moving
  function afterFrame(f) {
    info = f;
    fitCanvas();
    if (f.guiScrolled) pageScroll.follow(f.scrollY);
    var cursor = f.cursor < 0 ? 'none' : (CURSORS[f.cursor] || 'default');
    if (canvas.style.cursor !== cursor) canvas.style.cursor = cursor;
    if (f.pending) frames.request(1); // ImGui feeds one button change per frame
    // Auto-sized panels, new popups and tooltips settle a frame late: draw until still (a
    // few frames at most, whatever happens).
    if (f.unsettled && settling < 4) { settling++; frames.request(1); } else if (!f.unsettled) settling = 0;
    if (f.themeByGui) {
      themeSetting = f.dark ? 'dark' : 'light';
      root.setAttribute('data-theme', themeSetting);
      byId('theme').value = themeSetting;
    }
    // A tooltip shows after the pointer rests on an item: one frame after the delay (then it
    // settles like any new window). Only after the pointer moved: a click needs no tooltip.
    if (f.hovered && hoverArmed && !hoverTimer) {
      hoverArmed = false;
      hoverTimer = setTimeout(function () { hoverTimer = 0; if (lastInput === 'move') frames.request(1); }, 450);
    }
    // Phones: a text field became active after a touch: focus the hidden <input> at the caret
    // so the on-screen keyboard opens (numbers get the decimal keypad).
    if (f.wantText && lastPointer !== 'mouse') {
      ime.style.left = Math.max(0, Math.min(canvasCss.w - 2, f.imeX)) + 'px';
      ime.style.top = (pageScroll.offset + Math.max(0, Math.min(canvasCss.h - 2, f.imeY))) + 'px';
      ime.inputMode = f.numeric ? 'decimal' : 'text';
      if (document.activeElement !== ime) {
        resetIme();
        ime.focus({ preventScroll: true });
      }
    } else if (!f.wantText && document.activeElement === ime) {
      canvas.focus({ preventScroll: true });
    }
  }

  function noteInput(kind, n) {
    lastInput = kind;
    settling = 0;
    hoverArmed = kind === 'move';
    if (hoverTimer) { clearTimeout(hoverTimer); hoverTimer = 0; }
    frames.request(n);
  }

  // ---- the stage as tall as the app's content ----------------------------------------------
  // The stage's --content-h is App::content_height(). The embed's canvas takes that height, so
  // the embed's own page (and, with the host script, the iframe) scrolls, never the GUI: the
  // wheel goes on to the host post. On the full page the stage takes it and the canvas, one
  // viewport tall at most, sticks inside it (pageScroll).
  function fitCanvas() {
    // Through a custom property on the stage: Emscripten's GLFW clears the canvas's own
    // inline width and height whenever it resizes the backing store.
    var h = Math.ceil(M._costlab_content_height());
    var stage = byId('stage');
    if (h > 0 && Math.abs(h - canvasCss.h) >= 1 && stage.style.getPropertyValue('--content-h') !== h + 'px') {
      stage.style.setProperty('--content-h', h + 'px');
      if (!window.ResizeObserver) resize();
    }
  }
  var postedHeight = 0;
  function postHeight() {
    var main = document.querySelector('main') || document.body;
    var h = Math.ceil(main.getBoundingClientRect().bottom + (window.scrollY || 0));
    if (h <= 0 || h === postedHeight || window.parent === window) return;
    postedHeight = h;
    window.costlabPostedHeight = h;
    window.parent.postMessage({ 'costlab-height': { id: embedOpts.id, height: h } }, '*');
    window.parent.postMessage({ sentinel: 'amp', type: 'embed-size', height: h }, '*');
  }
  function watchHeight() {
    var main = document.querySelector('main') || document.body;
    if (window.ResizeObserver) new ResizeObserver(postHeight).observe(main);
    window.addEventListener('load', postHeight);
    window.addEventListener('resize', postHeight);
    postHeight();
  }

  // The placeholder holds the default comparison (computed at build time). A snippet copied
  // from the page carries its scenario's figures in ?ph= (placeholderQuery): they replace the
  // default ones, as text only, each at most 32 characters. A link with a scenario but no
  // figures (an older snippet) shows none rather than the default's.
  var placeholderSource = 'default';
  function placeholderWords() {
    return placeholderSource === 'snippet' ? 'This scenario'
      : placeholderSource === 'none' ? 'A saved scenario' : 'Default comparison';
  }
  function fillPlaceholder() {
    var box = byId('placeholder');
    var big = box && box.querySelector('.ph-big'), row = box && box.querySelector('.ph-row');
    if (!big || !row) return;
    var raw = queryParam('ph');
    var p = raw ? raw.split('~') : [];
    if (p.length !== 7 || p.some(function (s) { return !s || s.length > 32; })) {
      if (currentFragment()) { // figures of another scenario would mislead
        placeholderSource = 'none';
        big.textContent = 'The calculator with this post’s scenario';
        row.hidden = true;
      }
      return;
    }
    placeholderSource = 'snippet';
    big.textContent = 'One image ≈ ';
    var strong = document.createElement('strong');
    strong.textContent = p[0] + ' chat replies';
    big.appendChild(strong);
    row.textContent = '';
    [['Image', 1], ['Reply', 4]].forEach(function (w) {
      var span = document.createElement('span');
      span.appendChild(document.createTextNode(w[0] + ' '));
      var b = document.createElement('strong');
      b.textContent = p[w[1]];
      span.appendChild(b);
      span.appendChild(document.createTextNode(' · ' + p[w[1] + 1] + ' · ' + p[w[1] + 2] + ' CO₂'));
      row.appendChild(span);
    });
    var note = box.querySelector('.ph-note');
    if (note) note.textContent = placeholderWords() + ' · loading the calculator…';
  }

  // Nothing heavy (costlab.js, the wasm) loads until the embed nears the viewport; on small
  // screens and with Save-Data, only on a click.
  function embedStart() {
    fillPlaceholder();
    fullLink(currentFragment());
    applyTheme();
    watchHeight();
    var loading = false;
    function load() {
      if (loading) return;
      loading = true;
      var btn = byId('activate');
      btn.hidden = true;
      setState('loading');
      var s = document.createElement('script');
      s.src = 'costlab.js';
      s.onload = boot;
      s.onerror = function () { fatal('error', 'The cost model (costlab.js) did not load.', 'Reload the page; if it keeps happening the site is incomplete.'); };
      document.head.appendChild(s);
    }
    var conn = navigator.connection;
    var manual = (window.innerWidth || 800) < 480 || !!(conn && conn.saveData) || queryParam('activate') === 'click';
    if (manual) {
      setState('idle');
      var btn = byId('activate');
      btn.hidden = false;
      btn.addEventListener('click', load);
      var note = document.querySelector('#placeholder .ph-note');
      if (note) note.textContent = placeholderWords() + ' · the calculator loads on request (about 300 KB).';
      return;
    }
    if (!window.IntersectionObserver) { load(); return; }
    // In an iframe the implicit root is the top page's viewport: this waits for the host's scroll.
    var io = new IntersectionObserver(function (entries) {
      if (!entries.some(function (e) { return e.isIntersecting; })) return;
      io.disconnect();
      load();
    }, { rootMargin: '600px 0px' });
    io.observe(byId('stage'));
  }

  // ---- the full page: the page's scroll is the layout's ------------------------------------
  // offset = how far the page has scrolled past the stage's top, clamped to what the sticky
  // canvas can show; sent to the app on every scroll and before every frame. Keyboard
  // navigation that scrolls the layout (a widget brought into view) scrolls the page instead.
  var pageScroll = {
    on: false, offset: 0,
    measure: function () {
      var stage = byId('stage');
      var top = stage.getBoundingClientRect().top;
      var max = Math.max(0, stage.offsetHeight - canvas.offsetHeight);
      return Math.max(0, Math.min(max, -top));
    },
    update: function () {
      if (!pageScroll.on || !appRunning) return false;
      var y = pageScroll.measure();
      if (Math.abs(y - pageScroll.offset) < 0.25) return false;
      pageScroll.offset = y;
      M._costlab_page_scroll(y);
      return true;
    },
    stageTop: function () { return byId('stage').getBoundingClientRect().top + window.scrollY; },
    // The app scrolled its layout to y: bring the page there (no animation: it follows keys).
    follow: function (y) {
      if (Math.abs(y - pageScroll.offset) < 0.5) return;
      pageScroll.offset = y;
      window.scrollTo(window.scrollX, pageScroll.stageTop() + y);
    },
    // A section link: the panel's top just under the top of the viewport.
    jump: function (key) {
      if (!appRunning) return;
      var y = M.ccall('costlab_reveal_panel', 'number', ['string'], [key]);
      if (!(y >= 0)) return;
      var reduce = window.matchMedia && matchMedia('(prefers-reduced-motion: reduce)').matches;
      var target = Math.max(0, pageScroll.stageTop() + y - 4);
      var already = Math.abs(window.scrollY - target) < 1;
      window.scrollTo({ top: target, behavior: reduce ? 'auto' : 'smooth' });
      frames.request(2);
      // A panel that opened as it was revealed makes the layout taller a frame later, so a
      // scroll aimed near the end may have stopped short: once it ends, aim again where the
      // panel is now.
      var again = function () {
        var y2 = M.ccall('costlab_reveal_panel', 'number', ['string'], [key]);
        var top = Math.max(0, pageScroll.stageTop() + y2 - 4);
        if (y2 >= 0 && Math.abs(window.scrollY - top) > 2) window.scrollTo(window.scrollX, top);
        frames.request(2);
      };
      if (already) return; // no scroll, no scrollend
      if ('onscrollend' in window) {
        window.addEventListener('scrollend', again, { once: true });
        // Never later than this jump's own scroll: a visitor's next scroll is theirs.
        setTimeout(function () { window.removeEventListener('scrollend', again); }, 3000);
      } else setTimeout(again, 600);
    },
    start: function () {
      pageScroll.on = true;
      M._costlab_page_scroll(0);
      window.addEventListener('scroll', function () { if (pageScroll.update()) frames.request(1); }, { passive: true });
      var nav = byId('sections');
      nav.hidden = false;
      nav.addEventListener('click', function (e) {
        var b = e.target.closest ? e.target.closest('[data-panel]') : null;
        if (b) pageScroll.jump(b.getAttribute('data-panel'));
      });
    }
  };

  // ---- canvas size: CSS size x devicePixelRatio, exact where the browser says so ----------
  var deviceSize = null; // from ResizeObserver's devicePixelContentBoxSize (Chromium)
  function resize() {
    if (!appRunning) return;
    var rect = canvas.getBoundingClientRect();
    var ratio = window.devicePixelRatio || 1;
    if (rect.width <= 0 || rect.height <= 0) return;
    canvasCss = { w: rect.width, h: rect.height, ratio: ratio };
    // The device-pixel box is exact (no rounding blur) where the browser reports it truly;
    // headless Chromium with an emulated scale factor reports CSS pixels there.
    var exact = deviceSize && Math.abs(deviceSize.w - rect.width * ratio) <= 1 && Math.abs(deviceSize.h - rect.height * ratio) <= 1;
    var bw = exact ? deviceSize.w : Math.round(rect.width * ratio);
    var bh = exact ? deviceSize.h : Math.round(rect.height * ratio);
    M._costlab_resize(rect.width, rect.height, ratio, bw, bh);
    pageScroll.update();
    frames.request(1);
  }
  function watchRatio() {
    if (!window.matchMedia) return;
    var q = matchMedia('(resolution: ' + (window.devicePixelRatio || 1) + 'dppx)');
    var once = function () {
      q.removeEventListener('change', once);
      deviceSize = null;
      resize();
      watchRatio();
    };
    q.addEventListener('change', once);
  }

  // ---- input -----------------------------------------------------------------------------
  var lastPointer = 'mouse';
  var touch = null; // a touch not yet given to ImGui: {id, x, y, sent}
  function local(e) {
    var r = canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }
  function mods(e) { return (e.ctrlKey ? 1 : 0) | (e.shiftKey ? 2 : 0) | (e.altKey ? 4 : 0) | (e.metaKey ? 8 : 0); }
  function source(e) { return e.pointerType === 'touch' ? 1 : e.pointerType === 'pen' ? 2 : 0; }

  function wireInput() {
    canvas.addEventListener('pointerdown', function (e) {
      if (!e.isPrimary) return;
      lastPointer = e.pointerType || 'mouse';
      var p = local(e);
      if (document.activeElement !== canvas) { pointerFocus = true; canvas.focus({ preventScroll: true }); }
      if (e.pointerType === 'touch') {
        // Wait: a vertical swipe is the browser's (it scrolls the page, touch-action: pan-y)
        // and must not press what is under the finger. A tap or a sideways drag is ours.
        touch = { id: e.pointerId, x: p.x, y: p.y, sent: false };
        return;
      }
      try { canvas.setPointerCapture(e.pointerId); } catch (err) { /* not capturable */ }
      M._costlab_pointer(1, source(e), p.x, p.y, e.button, mods(e));
      noteInput('button', 1);
    });
    canvas.addEventListener('pointermove', function (e) {
      if (!e.isPrimary) return;
      var p = local(e);
      if (touch && e.pointerId === touch.id && !touch.sent) {
        if (Math.abs(p.x - touch.x) < 4) return;
        touch.sent = true;
        try { canvas.setPointerCapture(e.pointerId); } catch (err) { /* ignore */ }
        M._costlab_pointer(1, 1, touch.x, touch.y, 0, 0);
      }
      M._costlab_pointer(0, source(e), p.x, p.y, -1, mods(e));
      noteInput(e.buttons ? 'button' : 'move', 1);
    });
    function up(e, cancelled) {
      if (!e.isPrimary) return;
      var p = local(e);
      if (touch && e.pointerId === touch.id) {
        var t = touch;
        touch = null;
        if (cancelled && !t.sent) return; // the browser scrolled: nothing was pressed
        if (!t.sent) M._costlab_pointer(1, 1, t.x, t.y, 0, 0);
        M._costlab_pointer(cancelled ? 4 : 2, 1, p.x, p.y, 0, 0);
        M._costlab_pointer(3, 1, 0, 0, 0, 0); // no hover after a finger lifts
        noteInput('button', 1);
        frames.flush(8); // a text field activated by this tap may open the keyboard, in-gesture
        return;
      }
      M._costlab_pointer(cancelled ? 4 : 2, source(e), p.x, p.y, e.button, mods(e));
      noteInput('button', 1);
    }
    canvas.addEventListener('pointerup', function (e) { up(e, false); });
    canvas.addEventListener('pointercancel', function (e) { up(e, true); });
    canvas.addEventListener('pointerleave', function (e) {
      if (e.pointerType === 'touch' || canvas.hasPointerCapture(e.pointerId)) return;
      M._costlab_pointer(3, source(e), 0, 0, 0, mods(e));
      noteInput('move', 1);
    });
    canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });

    // The wheel scrolls the page unless the ImGui region under the pointer can scroll that way.
    canvas.addEventListener('wheel', function (e) {
      if (e.ctrlKey) return; // pinch and Ctrl+wheel zoom the page
      var p = local(e);
      if (M._costlab_wheel(p.x, p.y, e.deltaX, e.deltaY, e.deltaMode, e.shiftKey ? 1 : 0)) {
        e.preventDefault();
        noteInput('wheel', 1);
      }
    }, { passive: false });

    // Keys reach ImGui only while the canvas (or its phone <input>) has focus. Tab, Shift+Tab
    // and the arrows move between widgets (ImGui's keyboard navigation), Space and Enter press.
    // The way out: Escape (outside a text field or a popup, which it closes first), then Tab or
    // Shift+Tab is the browser's again. Keys that would scroll the page are cancelled while
    // the canvas has them.
    function isChar(e) { return !e.ctrlKey && !e.metaKey && e.key && Array.from(e.key).length === 1; }
    var NAV_KEYS = /^(Tab|Arrow(Up|Down|Left|Right)|Page(Up|Down)|Home|End| |Spacebar|Enter|Escape)$/;
    function key(e, down) {
      if (e.isComposing || e.keyCode === 229) return; // the <input>'s input events carry it
      if (e.target === canvas && e.key === 'Tab' && !info.wantText && (leaving || e.ctrlKey || e.altKey || e.metaKey)) {
        if (down) setLeaving(false);
        return; // the browser moves the focus on
      }
      if (down && e.target === canvas && !/^(Shift|Control|Alt|Meta)$/.test(e.key)) {
        setLeaving(e.key === 'Escape' && !info.wantText && !info.popup);
      }
      var known = api.key(e.code || '', e.key || '', down ? 1 : 0, mods(e));
      var ch = down && isChar(e);
      if (ch && (info.wantText || e.target === ime)) api.text(e.key);
      var shortcut = e.ctrlKey || e.metaKey;
      var prevent;
      if (e.target === ime) prevent = known || ch;
      else if (shortcut) prevent = info.wantText && /^[azy]$/i.test(e.key); // copy/paste events must happen
      else prevent = (info.wantKeyboard || info.wantText || (known && NAV_KEYS.test(e.key))) && !/^F\d+$/.test(e.key);
      if (prevent) e.preventDefault();
      noteInput('key', 1);
    }
    // Escape pressed: the next Tab leaves; the hint under the canvas says so.
    var leaving = false;
    function setLeaving(on) {
      if (leaving === on) return;
      leaving = on;
      var hint = byId('kbd-hint');
      hint.setAttribute('data-leaving', on ? 'true' : 'false');
    }
    // Focus arriving from the page by Tab (from before the canvas) or Shift+Tab (from after):
    // the first or the last widget takes it, so the next key already acts on something.
    var pointerFocus = false; // set by pointerdown just before it focuses the canvas
    function enterByKeyboard(e) {
      var from = e.relatedTarget;
      if (pointerFocus || !from || from === ime || !from.compareDocumentPosition) return;
      var before = (from.compareDocumentPosition(canvas) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
      frames.flush(1); // the frame that gives the outer window the focus (costlab_focus)
      api.key('Tab', 'Tab', 1, before ? 0 : 2);
      api.key('Tab', 'Tab', 0, before ? 0 : 2);
      api.key('ShiftLeft', 'Shift', 0, 0);
      noteInput('key', 3);
    }
    [canvas, ime].forEach(function (el) {
      el.addEventListener('keydown', function (e) { key(e, true); });
      el.addEventListener('keyup', function (e) { key(e, false); });
    });
    canvas.addEventListener('focus', function (e) {
      M._costlab_focus(1);
      noteInput('key', 1);
      enterByKeyboard(e);
      pointerFocus = false;
      setLeaving(false);
    });
    canvas.addEventListener('blur', function () {
      setTimeout(function () {
        if (document.activeElement !== ime && document.activeElement !== canvas) { M._costlab_focus(0); noteInput('key', 1); }
      }, 0);
    });
    ime.addEventListener('blur', function () {
      setTimeout(function () {
        if (document.activeElement !== ime && document.activeElement !== canvas) { M._costlab_focus(0); noteInput('key', 1); }
      }, 0);
    });

    // The phone keyboard: typed text arrives as input events on the hidden <input>, which
    // keeps one placeholder character so Backspace always has something to delete.
    ime.addEventListener('input', function (e) {
      if (e.inputType === 'deleteContentBackward') {
        api.key('Backspace', 'Backspace', 1, 0);
        api.key('Backspace', 'Backspace', 0, 0);
      } else if (e.inputType !== 'insertCompositionText' && e.data) {
        api.text(e.data);
      }
      if (!e.isComposing) resetIme();
      noteInput('key', 1);
    });
    ime.addEventListener('compositionend', function (e) {
      if (e.data) api.text(e.data);
      resetIme();
      noteInput('key', 1);
    });
  }

  function resetIme() {
    ime.value = ' ';
    try { ime.setSelectionRange(1, 1); } catch (e) { /* not focused */ }
  }

  // ---- "time my hardware" (web/hw) -------------------------------------------------------
  var hw = { running: false, controller: null, status: {} };

  function hwPush(patch) {
    for (var k in patch) hw.status[k] = patch[k];
    if (appRunning) {
      api.hardwareUpdate(JSON.stringify(patch));
      frames.request(1, !!patch.has_result); // the result must reach the app (and the twin)
    }
    renderHardware();
  }

  function hwStart() {
    if (hw.running) return;
    hw.running = true;
    hw.controller = new AbortController();
    hw.status = {};
    hwPush({ running: true, progress: 0, stage: 'starting', has_result: false, message: '' });
    var budget = typeof window.costlabHardwareBudgetS === 'number' ? window.costlabHardwareBudgetS : 10;
    import('./hw/benchmark.js').then(function (m) {
      return m.measureDevice({
        budgetS: budget,
        signal: hw.controller.signal,
        onProgress: function (fraction, stage) {
          // A few updates a second are plenty for a progress bar.
          var now = performance.now();
          if (now - (hw.lastPush || 0) < 100 && fraction < 1) return;
          hw.lastPush = now;
          hwPush({ progress: fraction, stage: String(stage || '') });
        }
      });
    }).then(function (p) {
      window.costlabProfile = p;
      // web/hw/webgpu.js says in one sentence why the GPU was not timed: shown as it is.
      var gpuMessage = p.gpu_message || '';
      hw.running = false;
      hwPush({
        running: false, progress: 1, stage: 'done', has_result: true,
        cpu1_gflops: p.sgemm_gflops_1, cpu_all_gflops: p.sgemm_gflops_all, gpu_gflops: p.gpu_gflops || 0,
        gpu_f16_gflops: p.gpu_gflops_f16 || 0, gpu_subgroups_gflops: p.gpu_gflops_subgroups || 0,
        memory_gb_per_s: p.gbps_all, threads: p.threads, cpu_backend: (p.backend || '') + (p.engine ? ' in ' + p.engine : ''),
        gpu_backend: p.gpu ? 'webgpu (' + p.gpu + ')' : '', message: gpuMessage
      });
    }, function (err) {
      hw.running = false;
      var cancelled = err && err.name === 'AbortError';
      hwPush({ running: false, progress: 0, stage: '', message: cancelled ? 'Cancelled.' : 'Could not measure: ' + (err && err.message || err) });
    });
  }
  function hwCancel() {
    if (hw.controller) hw.controller.abort();
  }

  function renderHardware() {
    var s = hw.status;
    byId('hw-start').disabled = !!s.running;
    byId('hw-cancel').hidden = !s.running;
    var bar = byId('hw-progress');
    bar.hidden = !s.running;
    bar.value = s.progress || 0;
    var text;
    if (s.running) text = 'Measuring: ' + (s.stage || '…') + ' (' + Math.round((s.progress || 0) * 100) + '%)';
    else if (s.has_result) text = 'Done.' + (s.message ? ' ' + s.message : '');
    else text = s.message || '';
    byId('hw-status').textContent = text;
    var dl = byId('hw-result');
    if (!s.has_result) { dl.hidden = true; return; }
    var rows = [
      ['Matrix multiply, one core', fmt3.format(s.cpu1_gflops || 0) + ' GFLOP/s'],
      ['Matrix multiply, all cores', fmt3.format(s.cpu_all_gflops || 0) + ' GFLOP/s (' + (s.threads || 1) + ' workers)'],
      ['Memory bandwidth, all cores', fmt3.format(s.memory_gb_per_s || 0) + ' GB/s'],
      ['GPU matrix multiply (WebGPU)', s.gpu_gflops > 0 ? fmt3.format(s.gpu_gflops) + ' GFLOP/s' : 'not measured'],
      ['GPU matrix multiply, f16 (WebGPU)', s.gpu_f16_gflops > 0 ? fmt3.format(s.gpu_f16_gflops) + ' GFLOP/s (f16 inputs, f32 accumulation)' : 'not measured'],
      ['GPU matrix multiply, fp32 with subgroups (WebGPU)', s.gpu_subgroups_gflops > 0 ? fmt3.format(s.gpu_subgroups_gflops) + ' GFLOP/s (its own figure: the model uses the two above)' : 'not measured'],
      ['Measured with', [s.cpu_backend, s.gpu_backend].filter(Boolean).join('; ')]
    ];
    dl.textContent = '';
    rows.forEach(function (r) {
      var dt = document.createElement('dt');
      dt.textContent = r[0];
      var dd = document.createElement('dd');
      dd.textContent = r[1];
      dd.setAttribute('data-hw', r[0]);
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    dl.hidden = false;
  }

  // ---- the module's view of the page (gui::Platform, through platform_web.cpp) -----------
  function pageUrl() { return location.origin + location.pathname + location.search; }
  // The same one line as the GUI's Share panel (gui/panels/share.cpp).
  // The scenario's own figures for the embed's click-to-load placeholder (phones), carried in
  // the snippet's query as ?ph=ratio~image $~image Wh~image CO2~reply $~reply Wh~reply CO2
  // (the strings the twin shows): the placeholder is there so a phone need not load the
  // calculator, so they are computed here, when the snippet is copied. Same as
  // SharePanel::placeholder_query.
  function placeholderQuery() {
    if (!lastGood || !lastGood.display || !lastGood.report) return '';
    var d = lastGood.display, r = lastGood.report.ratios || {};
    var n = r.image_to_text_usd; // as the build-time placeholder words it (prerender.mjs)
    var ratio = typeof n !== 'number' || !isFinite(n) ? 'n/a'
      : n >= 10 ? fmtInt.format(Math.round(n)) : fmt2.format(n);
    var parts = [ratio,
      d.image.usd_per_query, d.image.facility_energy_wh, d.image.co2_g_per_query,
      d.text.usd_per_query, d.text.facility_energy_wh, d.text.co2_g_per_query];
    return '&ph=' + parts.map(function (p) { return encodeURIComponent(String(p)); }).join('~');
  }

  function embedSnippet() {
    var dir = location.origin + location.pathname.replace(/[^/]*$/, '');
    var frag = lastGood && lastGood.fragment ? lastGood.fragment : '';
    var h = 2166136261; // FNV-1a of the fragment, as SharePanel::embed_id
    for (var i = 0; i < frag.length; i++) h = Math.imul(h ^ frag.charCodeAt(i), 16777619) >>> 0;
    var id = 'costlab-' + ('0000000' + h.toString(16)).slice(-8).slice(0, 6);
    // The theme on screen goes with it (the embed follows ?theme=), as in the GUI's snippet.
    return '<iframe id="' + id + '" src="' + dir + 'embed.html?id=' + id + '&theme=' + (themeIsDark() ? 'dark' : 'light') +
      placeholderQuery() + (frag ? '#' + frag : '') +
      '" width="100%" height="640" style="border:0;max-width:800px" loading="lazy" ' +
      'title="costlab: AI image vs chat reply cost"></iframe>';
  }

  var host = {
    setClipboard: function (text) { copyText(text); },
    clipboard: function () {
      // ImGui wants it now; the last paste event (or our own copy) has it. The asynchronous
      // system clipboard, where allowed, refreshes the GUI's copy when it answers.
      if (navigator.clipboard && navigator.clipboard.readText && api) {
        navigator.clipboard.readText().then(function (t) {
          if (t !== clip.text) { clip.text = t; api.clipboardArrived(t); frames.request(1); }
        }, function () { /* not allowed: the paste event path still works */ });
      }
      return clip.text;
    },
    fragment: function () { return currentFragment(); },
    replaceFragment: function (f) { writeFragment(f); },
    pageUrl: pageUrl,
    publish: function (json, summary) {
      var res;
      try { res = JSON.parse(json); } catch (e) { return; }
      if (!res || !res.report) return;
      show(res, summary);
      clearStatus('edit');
      setState('ready');
    },
    saveFile: function (name, mime, bytes) { download(name, new Blob([bytes], { type: mime })); },
    savePng: function (name, x, y, w, h) { pendingPng = { name: name, x: x, y: y, w: w, h: h }; },
    hardwareStart: hwStart,
    hardwareCancel: hwCancel,
    // The GUI's methodology link: a page of this site, in a new tab (an anchor click, which the
    // popup blocker lets through right after the tap or key that asked for it).
    openUrl: function (u) {
      var url;
      try { url = new URL(u, location.href); } catch (e) { return false; }
      if (url.origin !== location.origin) return false;
      var a = document.createElement('a');
      a.href = url.href;
      a.target = '_blank';
      a.rel = 'noopener';
      a.className = 'offscreen';
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.costlabLastOpened = url.href;
      return true;
    },
    // The GUI asks for up to n frames (its layout settling after a change): one now, and more
    // only while the layout still moves (afterFrame).
    requestFrames: function (n) { frames.request(Math.min(n, 1)); },
    afterFrame: afterFrame
  };

  // ---- boot ------------------------------------------------------------------------------
  function wirePage() {
    // Applied when an edit is finished (change: Enter or leaving the field; Apply), never per
    // keystroke: a half-typed "2e1" of "2e13" must not become the scenario.
    form.addEventListener('change', function () { onEdit(true); });
    form.addEventListener('submit', function (e) { e.preventDefault(); onEdit(true); });
    byId('reset').addEventListener('click', function () {
      clearStatus();
      var r = apply(defaultResult);
      if (r.ok && !appRunning) syncForm(defaultResult.scenario, true);
    });
    window.addEventListener('hashchange', loadFromHash);
    byId('copy-link').addEventListener('click', function () {
      var url = pageUrl() + (lastGood && lastGood.fragment ? '#' + lastGood.fragment : '');
      copyText(url).then(function () { byId('share-note').textContent = 'Link copied.'; });
    });
    byId('copy-embed').addEventListener('click', function () {
      copyText(embedSnippet()).then(function () { byId('share-note').textContent = 'Embed snippet copied.'; });
    });
    byId('hw-start').addEventListener('click', hwStart);
    byId('hw-cancel').addEventListener('click', hwCancel);
    if (!navigator.gpu) {
      byId('hw-status').textContent = 'WebGPU is unavailable in this browser: the CPU will be timed, not the GPU.';
    }
  }

  function startCanvas(gl) {
    var rect = canvas.getBoundingClientRect();
    var ratio = window.devicePixelRatio || 1;
    var mac = /Mac|iPhone|iPad/.test(navigator.platform || '') ? 1 : 0;
    appRunning = true; // publish() during start needs the app's routing
    if (embed) M.ccall('costlab_app_configure', null, ['string', 'number', 'number'], [embedOpts.panels, 1, embedOpts.transparent ? 1 : 0]);
    if (!embed) M._costlab_page_scroll(0); // before start: the layout is scrolled by the page
    var ok = gl && safely(function () {
      return M._costlab_app_start(rect.width || 800, rect.height || 600, ratio, mac, themeIsDark() ? 1 : 0);
    });
    if (!ok) {
      appRunning = false;
      return false;
    }
    wireInput();
    if (!embed) pageScroll.start();
    if (window.ResizeObserver) {
      var ro = new ResizeObserver(function (entries) {
        var e = entries[entries.length - 1];
        var d = e.devicePixelContentBoxSize && e.devicePixelContentBoxSize[0];
        deviceSize = d ? { w: d.inlineSize, h: d.blockSize } : null;
        resize();
      });
      try { ro.observe(canvas, { box: 'device-pixel-content-box' }); } catch (err) { ro.observe(canvas); }
    } else {
      window.addEventListener('resize', resize);
    }
    watchRatio();
    window.addEventListener('resize', function () { if ((window.devicePixelRatio || 1) !== canvasCss.ratio) resize(); });
    if (window.IntersectionObserver) {
      new IntersectionObserver(function (entries) {
        frames.onScreen = entries[entries.length - 1].isIntersecting;
        frames.schedule();
      }).observe(canvas);
    }
    document.addEventListener('visibilitychange', function () {
      frames.visible = !document.hidden;
      frames.schedule();
    });
    canvas.addEventListener('webglcontextlost', function (e) {
      e.preventDefault();
      appRunning = false;
      showStatus('gl', 'The graphics context was lost (the GPU was reset or is busy).',
                 null, 'The table keeps working; reload the page to get the interactive calculator back.');
    });
    resize();
    return true;
  }

  function noCanvas(why) {
    root.setAttribute('data-canvas', 'none');
    byId('stage').hidden = true;
    byId('sections').hidden = true;
    showStatus('no-webgl', why, null,
               'The table and the form below still compute every figure; everything else on the page works.');
  }

  function start(module, gl) {
    M = module;
    api = makeApi(M);
    window.costlab = {
      module: M, api: api, frames: frames, info: function () { return info; },
      startHardware: hwStart, cancelHardware: hwCancel, hardware: function () { return hw.status; }
    };
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
    syncForm(d, true);
    wirePage();

    // Checked before the app starts: it reads the fragment itself (and replaces a broken one
    // with the defaults' link), so the page explains what was wrong.
    var initial = checkFragment(currentFragment());
    if (gl && startCanvas(gl)) {
      if (!initial.ok) showStatus('link', 'The scenario in this link cannot be used:', initial.errors, 'Showing the default comparison instead.');
      else if (initial.ignored && initial.ignored.length) {
        showStatus('link', 'Some fields of this link cannot be used:', initial.ignored,
                   'The other fields of the link are applied; these keep their defaults.');
      }
    } else {
      noCanvas(gl ? 'The interactive calculator could not start its drawing (WebGL2).'
                  : 'This browser cannot draw the interactive calculator: WebGL2 is unavailable or turned off.');
      loadFromHash();
      if (!lastGood) show(defaultResult);
    }
    setState('ready');
  }

  var booted = false;
  function boot() {
    if (booted) return;
    booted = true;
    applyTheme();
    byId('theme').addEventListener('change', function (e) { themeSetting = e.target.value; applyTheme(); });
    if (darkQuery && darkQuery.addEventListener) darkQuery.addEventListener('change', function () { if (themeSetting === 'auto') applyTheme(); });
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
      fatal('no-wasm', 'This browser cannot run WebAssembly, which the calculator needs.',
            'Use a current version of Firefox, Chrome, Edge or Safari, or turn WebAssembly back on if it was disabled. The figures shown are the default comparison.');
      return;
    }
    if (typeof createCostlab !== 'function') {
      fatal('error', 'The cost model (costlab.js) did not load.', 'Reload the page; if it keeps happening the site is incomplete.');
      return;
    }
    // The page makes the WebGL2 context (the module's GLFW adopts it): that is the WebGL2 check.
    var gl = null;
    try {
      gl = canvas.getContext('webgl2', { alpha: embedOpts.transparent, antialias: false, depth: false, stencil: false,
                                         premultipliedAlpha: true, preserveDrawingBuffer: false,
                                         powerPreference: 'low-power' });
    } catch (e) { gl = null; }
    createCostlab({
      canvas: canvas,
      costlabHost: host,
      print: function (t) { console.log(t); },
      printErr: function (t) { console.warn(t); }
    }).then(function (m) { start(m, gl); }, function (e) {
      fatal('error', 'The cost model (costlab.wasm) could not start.', String(e && e.message || e));
    });
  }

  var first = embed ? embedStart : boot;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', first);
  else first();
})();
