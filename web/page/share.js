// Share: the page's link (the scenario in the fragment) and the one-line embed snippet, the
// same as the GUI's Share panel (gui/panels/share.cpp), behind the twin's "Copy link" and
// "Copy embed snippet" buttons.
import { byId } from './shell.js';
import { fmtInt, multipleText } from './format.js';
import { lastGood } from './twin.js';
import { themeIsDark } from './theme.js';
import { copyText } from './clipboard.js';

export function pageUrl() { return location.origin + location.pathname + location.search; }
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
    : n >= 10 ? fmtInt.format(Math.round(n)) : multipleText(n);
  var parts = [ratio,
    d.image.usd_per_query, d.image.facility_energy_wh, d.image.co2_g_per_query,
    d.text.usd_per_query, d.text.facility_energy_wh, d.text.co2_g_per_query];
  return '&ph=' + parts.map(function (p) { return encodeURIComponent(String(p)); }).join('~');
}

// The same one line as the GUI's Share panel (gui/panels/share.cpp).
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


export function wireShare() {
  byId('copy-link').addEventListener('click', function () {
    var url = pageUrl() + (lastGood && lastGood.fragment ? '#' + lastGood.fragment : '');
    copyText(url).then(function () { byId('share-note').textContent = 'Link copied.'; });
  });
  byId('copy-embed').addEventListener('click', function () {
    copyText(embedSnippet()).then(function () { byId('share-note').textContent = 'Embed snippet copied.'; });
  });
}
