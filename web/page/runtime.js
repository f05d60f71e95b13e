// The calculator's WebAssembly module (costlab.js + costlab.wasm, built from gui/ over core/)
// and its plain API, as live bindings: `M` (the module), `api` (JSON in, JSON out) and
// `appRunning` (the ImGui app draws on the canvas). Only this file assigns them; main.js
// calls setModule() once the module is up, and setAppRunning() as the canvas starts or stops.
import { fatal } from './shell.js';

export var M = null;
export var api = null;
export var appRunning = false;

export function setModule(module) {
  M = module;
  api = makeApi(module);
}
export function setAppRunning(on) { appRunning = on; }

// Strings go into the module through its heap (malloc'ed, freed after the call), never onto
// its 5 MiB stack as cwrap's 'string' arguments do: a linked or pasted text of 1.3 M
// characters overran the stack and killed the module. Each entry point has a size limit,
// checked here before a byte is copied; a longer string is refused (tooLong() says why).
export var LIMITS = { fragment: 16384, scenario: 1 << 20, text: 1 << 20, word: 256 };
export function tooLong(s, limit) {
  return s.length > limit || (M && M.lengthBytesUTF8(s) > limit) ? s.length + ' characters, over the limit of ' + limit + ' bytes' : '';
}
// ret 'json': the C function returns JSON text, parsed here; a refused string then gets the
// same answer as the core's own refusal ({ok: false, errors}); otherwise null.
function wrap(M, name, ret, limit) {
  return function () {
    var args = [].slice.call(arguments), held = [];
    try {
      for (var i = 0; i < args.length; i++) if (typeof args[i] === 'string') {
        var why = tooLong(args[i], limit);
        if (why) return ret ? { ok: false, errors: [{ field: '', message: why }] } : null;
        var n = M.lengthBytesUTF8(args[i]) + 1;
        held.push(args[i] = M._malloc(n));
        M.stringToUTF8(arguments[i], args[i], n);
      }
      var r = M['_' + name].apply(null, args);
      return ret ? JSON.parse(M.UTF8ToString(r)) : r;
    } finally { held.forEach(function (p) { M._free(p); }); }
  };
}

function makeApi(M) {
  var L = LIMITS;
  return {
    evaluateJson: wrap(M, 'costlab_evaluate_json', 1, L.scenario),
    evaluateFragment: wrap(M, 'costlab_evaluate_fragment', 1, L.fragment),
    defaultScenario: wrap(M, 'costlab_default_scenario_json', 1),
    catalog: wrap(M, 'costlab_catalog_json', 1),
    fields: wrap(M, 'costlab_fields_json', 1),
    appLoadFragment: wrap(M, 'costlab_app_load_fragment', 1, L.fragment),
    key: wrap(M, 'costlab_key', 0, L.word),
    text: wrap(M, 'costlab_text', 0, L.text),
    hardwareUpdate: wrap(M, 'costlab_hardware_update', 0, L.text),
    clipboardArrived: wrap(M, 'costlab_clipboard_text', 0, L.text),
    revealPanel: wrap(M, 'costlab_reveal_panel', 0, L.word),
    configure: wrap(M, 'costlab_app_configure', 0, L.word)
  };
}

// A call into the core that must not throw: an exception means the module is broken, and the
// page says so (and stops) rather than showing stale figures as if they were current.
export function safely(fn) {
  try { return fn(); } catch (e) {
    fatal('error', 'The cost model stopped with an internal error.', String(e && e.message || e) + ' Reload the page to start again.');
    return null;
  }
}
