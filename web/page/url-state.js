// URL state: the scenario lives in the fragment (#v=2&...), replaced as the user edits and
// read on load and on hashchange. A link with some bad fields applies its good ones and names
// the bad; one that is not a costlab link at all says why and shows the defaults. apply() is
// where a valid result goes: to the app (which publishes it back) or, without the canvas, to
// the twin.
import { showStatus, clearStatus } from './shell.js';
import { api, appRunning, safely } from './runtime.js';
import { frames } from './frames.js';
import { show, defaultResult, lastGood } from './twin.js';
import { fullLink } from './embed.js';

export function currentFragment() { return location.hash.replace(/^#/, ''); }

export function writeFragment(fragment) {
  fullLink(fragment);
  var url = location.pathname + location.search + (fragment ? '#' + fragment : '');
  if (fragment ? location.hash === '#' + fragment : location.hash === '') return;
  try { history.replaceState(history.state, '', url); } catch (e) { /* sandboxed frames may refuse */ }
}

// A valid result from the form or a link: the app takes it (and publishes back to the twin),
// or, without the canvas, the twin shows it directly.
export function apply(res) {
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

// Reads location.hash: a broken link shows what is wrong, then the defaults (never a blank page).
export function checkFragment(frag) {
  if (frag === '') return { ok: true, fragment: '' };
  // The core refuses a fragment over its size limit (limits.h) with a message that says so.
  return safely(function () { return api.evaluateFragment(frag); }) || { ok: false, errors: [] };
}

// What the status box says of a link's check: why it cannot be used (then `after`: what the
// page shows instead), or which of its fields keep their defaults, or nothing.
export function explainLink(res, after) {
  if (!res.ok) showStatus('link', 'The scenario in this link cannot be used:', res.errors, after);
  else if (res.ignored && res.ignored.length) {
    // A link with some bad fields: the good ones are applied, the bad ones named.
    showStatus('link', 'Some fields of this link cannot be used:', res.ignored,
               'The other fields of the link are applied; these keep their defaults.');
  } else clearStatus('link');
}

// A new fragment (hashchange, or the page's first load without the canvas).
export function loadFromHash() {
  var res = checkFragment(currentFragment());
  if (!res.ok) { // the last good scenario stays (the defaults only when there is none yet)
    explainLink(res, appRunning || lastGood ? 'Keeping the current scenario.' : 'Showing the default comparison instead.');
    if (!appRunning && !lastGood) show(defaultResult);
    return;
  }
  var a = apply(res.fragment === '' ? defaultResult : res);
  explainLink(a.ok ? res : a, 'Keeping the current scenario.');
}
