// The canvas host: the JS side of gui::Platform for the page (gui/platform_web.cpp calls
// Module.costlabHost's methods). Clipboard, the fragment, results published to the twin,
// files and PNGs saved, "time my hardware", links opened, frames requested. Start at `host`.
import { setState, clearStatus, offscreen } from './shell.js';
import { canvas, canvasCss, frames, afterFrame } from './frames.js';
import { copyText, clipboardText } from './clipboard.js';
import { currentFragment, writeFragment } from './url-state.js';
import { show } from './twin.js';
import { pageUrl } from './share.js';
import { hwStart, hwCancel } from './hardware.js';
import { LIMITS } from './runtime.js';

// ---- files -----------------------------------------------------------------------------
function download(name, blob) {
  var a = offscreen('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  window.costlabLastSave = { name: name, type: blob.type, size: blob.size };
}

var pendingPng = null; // {name, x, y, w, h}: grabbed right after the frame that asked for it
// Called after every frame (frames.js): the same task as the draw, so the WebGL drawing buffer
// still holds this frame.
export function grabPendingPng() {
  var p = pendingPng;
  if (!p) return;
  pendingPng = null;
  var sx = canvas.width / (canvasCss.w || 1), sy = canvas.height / (canvasCss.h || 1);
  var w = p.w > 0 ? p.w : canvasCss.w, h = p.h > 0 ? p.h : canvasCss.h;
  var out = document.createElement('canvas');
  out.width = Math.max(1, Math.round(w * sx));
  out.height = Math.max(1, Math.round(h * sy));
  out.getContext('2d').drawImage(canvas, Math.round(p.x * sx), Math.round(p.y * sy), out.width, out.height,
                                 0, 0, out.width, out.height);
  out.toBlob(function (blob) { if (blob) download(p.name, blob); }, 'image/png');
}

// ---- the module's view of the page (gui::Platform, through platform_web.cpp) -----------
export var host = {
  setClipboard: function (text) { copyText(text); },
  clipboard: clipboardText,
  // The app reads the fragment at start: one past the core's limit is enough for its refusal
  // ("over the limit"), and the module never copies a 1 MB hash.
  fragment: function () { return currentFragment().slice(0, LIMITS.fragment + 1); },
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
    var a = offscreen('a');
    a.href = url.href;
    a.target = '_blank';
    a.rel = 'noopener';
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
