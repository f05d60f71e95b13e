// The twin's form (#edit): the scenario's fields as plain HTML inputs. Filled from each result
// (syncForm), read back over the last good scenario when an edit is finished (onEdit), the
// core's verdict shown beside the fields (aria-invalid) and in the status box.
import { byId, clearStatus, showStatus } from './shell.js';
import { api, appRunning, safely } from './runtime.js';
import { nameOf, lastGood, defaultResult } from './twin.js';
import { apply } from './url-state.js';

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

export function fillSelect(select, list, current) {
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

export function syncForm(s, force) {
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

// The core's range of each numeric field on its <input> (min/max), from its field table.
export function applyFieldLimits(fields) {
  fields.forEach(function (f) {
    var c = form.querySelector('[name="' + f.json_path + '"]');
    if (c && c.tagName === 'INPUT') {
      if (typeof f.min === 'number' && isFinite(f.min)) c.min = String(f.min);
      if (typeof f.max === 'number' && isFinite(f.max)) c.max = String(f.max);
    }
  });
}

export function wireForm() {
  // Applied when an edit is finished (change: Enter or leaving the field; Apply), never per
  // keystroke: a half-typed "2e1" of "2e13" must not become the scenario.
  form.addEventListener('change', function () { onEdit(true); });
  form.addEventListener('submit', function (e) { e.preventDefault(); onEdit(true); });
  byId('reset').addEventListener('click', function () {
    clearStatus();
    var r = apply(defaultResult);
    if (r.ok && !appRunning) syncForm(defaultResult.scenario, true);
  });
}
