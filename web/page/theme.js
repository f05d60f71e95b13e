// The theme: light or dark from ?theme=light|dark|auto, the page's theme menu, the system
// (prefers-color-scheme, while auto) or the GUI's own setting; <html data-theme> for the CSS,
// and the module told (costlab_set_theme) so the canvas matches.
import { root, byId, queryParam } from './shell.js';
import { M, appRunning } from './runtime.js';
import { frames } from './frames.js';

var darkQuery = window.matchMedia ? matchMedia('(prefers-color-scheme: dark)') : null;
var themeSetting = (function () {
  var q = queryParam('theme');
  return q === 'light' || q === 'dark' ? q : 'auto';
})();

export function themeIsDark() {
  return themeSetting === 'dark' || (themeSetting === 'auto' && !!(darkQuery && darkQuery.matches));
}

export function applyTheme() {
  var dark = themeIsDark();
  root.setAttribute('data-theme', dark ? 'dark' : 'light');
  var sel = byId('theme');
  if (sel) sel.value = themeSetting;
  if (appRunning) {
    M._costlab_set_theme(dark ? 1 : 0);
    frames.request(1);
  }
}

// The GUI's own theme switch (FrameInfo::theme_by_gui): the page follows, the module knows.
export function themeFromGui(dark) {
  themeSetting = dark ? 'dark' : 'light';
  root.setAttribute('data-theme', themeSetting);
  byId('theme').value = themeSetting;
}

// The page's theme menu and, while auto, the system's setting.
export function watchTheme() {
  byId('theme').addEventListener('change', function (e) { themeSetting = e.target.value; applyTheme(); });
  if (darkQuery && darkQuery.addEventListener) darkQuery.addEventListener('change', function () { if (themeSetting === 'auto') applyTheme(); });
}
