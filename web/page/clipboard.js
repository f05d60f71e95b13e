// The clipboard, for the GUI and the share buttons: copies go to navigator.clipboard (fallback:
// execCommand('copy')); ImGui's paste reads the text of the browser's last paste event on the
// canvas (or what was copied last), since it wants the text synchronously.
import { offscreen, showStatus } from './shell.js';
import { api, appRunning, LIMITS, tooLong } from './runtime.js';
import { canvas, ime, frames } from './frames.js';

var clip = { text: '' }; // what ImGui pastes: the last paste event, or what we copied

function fallbackCopy(text) {
  var active = document.activeElement;
  var ta = offscreen('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.select();
  var ok = false;
  try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
  ta.remove();
  if (active && active.focus) active.focus({ preventScroll: true });
  return ok;
}

// Resolves to whether the text reached the clipboard.
export function copyText(text) {
  clip.text = text;
  window.costlabLastCopy = text;
  if (navigator.clipboard && navigator.clipboard.writeText) {
    return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return fallbackCopy(text); });
  }
  return Promise.resolve(fallbackCopy(text));
}

// ImGui wants the clipboard now; the last paste event (or our own copy) has it. The
// asynchronous system clipboard, where allowed, refreshes the GUI's copy when it answers.
// A paste longer than anything the calculator takes (a catalog: 1 MiB) is refused here and
// said, before the module copies a byte of it.
function fits(t) {
  var why = tooLong(t, LIMITS.text, 'a paste');
  if (why) showStatus('paste', 'This paste cannot be used:', [{ field: '', message: why }], 'Nothing was pasted.');
  return !why;
}

export function clipboardText() {
  if (navigator.clipboard && navigator.clipboard.readText && api) {
    navigator.clipboard.readText().then(function (t) {
      if (t !== clip.text && fits(t)) { clip.text = t; api.clipboardArrived(t); frames.request(1); }
    }, function () { /* not allowed: the paste event path still works */ });
  }
  return clip.text;
}

export function listenForPaste() {
  document.addEventListener('paste', function (e) {
    var t = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
    if (e.target === canvas || e.target === ime) {
      if (!fits(t)) { e.preventDefault(); return; }
      clip.text = t;
      if (e.target === ime && appRunning) { // phones: the text goes in as typed characters
        e.preventDefault();
        api.text(t);
        frames.request(1);
      }
    }
  }, true);
}
