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

// A call into the core that must not throw: an exception means the module is broken, and the
// page says so (and stops) rather than showing stale figures as if they were current.
export function safely(fn) {
  try { return fn(); } catch (e) {
    fatal('error', 'The cost model stopped with an internal error.', String(e && e.message || e) + ' Reload the page to start again.');
    return null;
  }
}
