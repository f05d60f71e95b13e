// costlab page, the entry (bundled into site/app.js): boot and the page shell. The Dear ImGui
// calculator on a WebGL2 canvas (costlab.js/.wasm, built from gui/ over core/) and its HTML
// twin beside it (twin.js, form.js). The canvas is drawn on demand only (frames.js), never
// while hidden or scrolled away. Without WebGL2 the twin and the form still compute every
// figure through the module's plain API; without WebAssembly the page says so and keeps the
// default comparison written in at build time. Read boot(), then start().
//
// The module reaches the page through Module.costlabHost (host.js; the C++ side is
// gui/platform_web.cpp). Every number and every check comes from the core. The same script
// drives site/embed.html in embed mode (embed.js). Modules, one per concern (web/README.md):
// shell, format, runtime (the module), frames + input + host + clipboard (the canvas host),
// sections (layout and section links), url-state, twin + form, embed, share, theme, hardware.
//
// Test hooks: <html data-state="loading|ready|error|no-wasm"> and data-canvas="drawn|none";
// window.costlabFrames (frames drawn), window.costlabFrameTimes (ms per frame, last 600),
// window.costlabFirstFrameMs (performance.now() at the first frame), window.costlab (API).
import { root, embed, byId, setState, setFieldLabel, showStatus, fatal, queryErrors } from './shell.js';
import { M, api, setModule, setAppRunning, safely } from './runtime.js';
import { canvas, info, frames, resize, watchCanvas } from './frames.js';
import { wireInput } from './input.js';
import { host } from './host.js';
import { listenForPaste } from './clipboard.js';
import { pageScroll } from './sections.js';
import { currentFragment, checkFragment, explainLink, loadFromHash } from './url-state.js';
import { show, lastGood, setCatalog, setDefaultResult } from './twin.js';
import { fillSelect, syncForm, applyFieldLimits, wireForm } from './form.js';
import { embedOpts, embedStart } from './embed.js';
import { wireShare } from './share.js';
import { applyTheme, themeIsDark, watchTheme } from './theme.js';
import { hwStart, hwCancel, hardwareStatus, wireHardware } from './hardware.js';

setState('loading');
window.costlabFrames = 0;
window.costlabFrameTimes = [];
window.costlabFirstFrameMs = null;
listenForPaste();

function wirePage() {
  wireForm();
  window.addEventListener('hashchange', loadFromHash);
  wireShare();
  wireHardware();
}

function startCanvas(gl) {
  var rect = canvas.getBoundingClientRect();
  var ratio = window.devicePixelRatio || 1;
  var mac = /Mac|iPhone|iPad/.test(navigator.platform || '') ? 1 : 0;
  setAppRunning(true); // publish() during start needs the app's routing
  if (embed) api.configure(embedOpts.panels, 1, embedOpts.transparent ? 1 : 0);
  if (!embed) M._costlab_page_scroll(0); // before start: the layout is scrolled by the page
  var ok = gl && safely(function () {
    return M._costlab_app_start(rect.width || 800, rect.height || 600, ratio, mac, themeIsDark() ? 1 : 0);
  });
  if (!ok) {
    setAppRunning(false);
    return false;
  }
  wireInput();
  if (!embed) pageScroll.start();
  watchCanvas();
  canvas.addEventListener('webglcontextlost', function (e) {
    e.preventDefault();
    setAppRunning(false);
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
  setModule(module);
  window.costlab = {
    module: M, api: api, frames: frames, info: function () { return info; },
    startHardware: hwStart, cancelHardware: hwCancel, hardware: hardwareStatus
  };
  var defaultResult = null, catalog = null;
  var ok = safely(function () {
    catalog = api.catalog();
    setCatalog(catalog);
    var fields = api.fields();
    fields.forEach(function (f) { setFieldLabel(f.json_path, f.label); });
    applyFieldLimits(fields);
    defaultResult = api.evaluateJson(JSON.stringify(api.defaultScenario()));
    setDefaultResult(defaultResult);
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
    explainLink(initial, 'Showing the default comparison instead.');
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
  watchTheme();
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
  // createCostlab: costlab.js's global (-sMODULARIZE -sEXPORT_NAME), loaded before this script.
  createCostlab({
    canvas: canvas,
    costlabHost: host,
    print: function (t) { console.log(t); },
    printErr: function (t) { console.warn(t); }
  }).then(function (m) { start(m, gl); }, function (e) {
    fatal('error', 'The cost model (costlab.wasm) could not start.', String(e && e.message || e));
  });
}

function first() {
  if (queryErrors.length) showStatus('query', 'Some options in this page’s address cannot be used:', queryErrors, null);
  if (embed) embedStart(boot); else boot();
}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', first);
else first();
