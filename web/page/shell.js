// The page shell: the document's test hooks (data-state), element lookup (with the embed's
// detached stand-ins), the query string, and the status box that says what went wrong.
// Every other page module uses these; start with showStatus() and fatal().

export var root = document.documentElement;
// site/embed.html (<html data-embed>) runs the same script in embed mode (embed.js).
export var embed = root.hasAttribute('data-embed');

// The elements of index.html that embed.html leaves out (the twin's table, the form, the
// hardware section) are stood in for by detached ones, so one script drives both pages.
var stubs = {};
export function byId(id) {
  var el = document.getElementById(id);
  if (el || !embed) return el;
  if (!stubs[id]) { stubs[id] = document.createElement(id === 'edit' ? 'form' : 'div'); stubs[id].id = id; }
  return stubs[id];
}

// The page's options in the query (?id=, ?theme=, ?bg=, ?panels=, ?ph=, ?activate=), read once
// and defensively: a value that does not decode (%ZZ), holds a control character, is longer
// than any real one or is given twice is refused and named in queryErrors (the option keeps
// its default). Never an exception: one stopped the whole page in "loading".
var QUERY_KEYS = { id: 64, theme: 16, bg: 16, panels: 200, ph: 240, activate: 16 }; // max lengths
export var queryErrors = [];
var query = Object.create(null);
if (location.search.length > 2048) queryErrors.push({ field: '?', message: 'over 2048 characters: every option keeps its default' });
else location.search.slice(1).split('&').forEach(function (part) {
  var eq = part.indexOf('='), key = eq < 0 ? part : part.slice(0, eq), value = null;
  if (!Object.prototype.hasOwnProperty.call(QUERY_KEYS, key)) return; // a CMS's own (utm_...)
  try { value = decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' ')); } catch (e) { /* %ZZ */ }
  var why = key in query ? 'given twice' : eq < 0 || value === '' ? 'no value'
    : value === null ? 'bad %-escape' : /[\x00-\x1f\x7f]/.test(value) ? 'control character'
    : value.length > QUERY_KEYS[key] ? 'over ' + QUERY_KEYS[key] + ' characters' : '';
  if (why) queryErrors.push({ field: '?' + key, message: why + ': its default is kept' });
  query[key] = why ? null : value; // null: refused, and a second one is "given twice" too
});
export function queryParam(name) { return name in query ? query[name] : null; }

// <html data-state="loading|idle|ready|error|no-wasm">: what the tests (and the CSS) wait on.
export function setState(s) { root.setAttribute('data-state', s); }

// ---- messages ------------------------------------------------------------------------
// json_path -> label, from the core's field table (main.js fills it). No prototype: a link's
// "__proto__" or "constructor" key must find no label ("[object Object]" was shown).
var fieldLabels = Object.create(null);
export function setFieldLabel(path, label) { fieldLabels[path] = label; }

export function clearStatus(kind) {
  var box = byId('status');
  if (kind && box.getAttribute('data-kind') !== kind) return;
  box.hidden = true;
  box.className = 'message';
  box.removeAttribute('data-kind');
  box.textContent = '';
}

// title: one sentence; errors: [{field, message}] from the core; after: what the page does now.
export function showStatus(kind, title, errors, after) {
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

export function fatal(state, title, detail) {
  setState(state);
  showStatus(state, title, null, detail);
  byId('summary').textContent = 'The calculator could not start.';
  var note = document.querySelector('#placeholder .ph-note');
  if (note) note.textContent = 'Default comparison, computed when this page was built.';
  Array.prototype.forEach.call(document.querySelectorAll('#edit [name], #twin button'), function (e) { e.disabled = true; });
}

// An element added to the page for one action (a download, a copy, a new tab) and removed.
export function offscreen(tag) {
  var el = document.createElement(tag);
  el.className = 'offscreen';
  document.body.appendChild(el);
  return el;
}
