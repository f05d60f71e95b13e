// Embed mode (site/embed.html, <html data-embed>): the options from the query (?id=, ?bg=,
// ?panels=; ?theme= is theme.js's), the height posted to the host page, the build-time
// placeholder (with a copied snippet's own figures from ?ph=), and the module loaded only when
// the embed nears the viewport or on a click. Start at embedStart().
import { root, embed, byId, queryParam, setState, fatal } from './shell.js';
import { applyTheme } from './theme.js';
import { currentFragment } from './url-state.js';

export var embedOpts = {
  id: queryParam('id') || '',
  transparent: embed && queryParam('bg') === 'transparent',
  // What an embed shows unless ?panels= says otherwise: the comparison, compact (about 700 px
  // tall at 760 px wide; the inputs are one ?panels=compare,text,image,serving away).
  panels: embed ? (queryParam('panels') || 'compare') : ''
};
if (embedOpts.transparent) root.setAttribute('data-bg', 'transparent');

// The embed's "open the full calculator" link: index.html beside it, same scenario.
export function fullLink(fragment) {
  var a = embed && document.getElementById('full-link');
  if (a) a.href = 'index.html' + (fragment ? '#' + fragment : '');
}

// The height of the embed's content, for costlab-embed.js ({"costlab-height": {id, height}})
// and AMP (embed-size) on the host page.
var postedHeight = 0;
function postHeight() {
  var main = document.querySelector('main') || document.body;
  var h = Math.ceil(main.getBoundingClientRect().bottom + (window.scrollY || 0));
  if (h <= 0 || h === postedHeight || window.parent === window) return;
  postedHeight = h;
  window.costlabPostedHeight = h;
  window.parent.postMessage({ 'costlab-height': { id: embedOpts.id, height: h } }, '*');
  window.parent.postMessage({ sentinel: 'amp', type: 'embed-size', height: h }, '*');
}
function watchHeight() {
  var main = document.querySelector('main') || document.body;
  if (window.ResizeObserver) new ResizeObserver(postHeight).observe(main);
  window.addEventListener('load', postHeight);
  window.addEventListener('resize', postHeight);
  postHeight();
}

// The placeholder holds the default comparison (computed at build time). A snippet copied
// from the page carries its scenario's figures in ?ph= (placeholderQuery): they replace the
// default ones, as text only, each at most 32 characters. A link with a scenario but no
// figures (an older snippet) shows none rather than the default's.
var placeholderSource = 'default';
function placeholderWords() {
  return placeholderSource === 'snippet' ? 'This scenario'
    : placeholderSource === 'none' ? 'A saved scenario' : 'Default comparison';
}
function fillPlaceholder() {
  var box = byId('placeholder');
  var big = box && box.querySelector('.ph-big'), row = box && box.querySelector('.ph-row');
  if (!big || !row) return;
  var raw = queryParam('ph');
  var p = raw ? raw.split('~') : [];
  if (p.length !== 7 || p.some(function (s) { return !s || s.length > 32; })) {
    if (currentFragment()) { // figures of another scenario would mislead
      placeholderSource = 'none';
      big.textContent = 'The calculator with this post’s scenario';
      row.hidden = true;
    }
    return;
  }
  placeholderSource = 'snippet';
  big.textContent = 'One image ≈ ';
  var strong = document.createElement('strong');
  strong.textContent = p[0] + ' chat replies';
  big.appendChild(strong);
  row.textContent = '';
  [['Image', 1], ['Reply', 4]].forEach(function (w) {
    var span = document.createElement('span');
    span.appendChild(document.createTextNode(w[0] + ' '));
    var b = document.createElement('strong');
    b.textContent = p[w[1]];
    span.appendChild(b);
    span.appendChild(document.createTextNode(' · ' + p[w[1] + 1] + ' · ' + p[w[1] + 2] + ' CO₂'));
    row.appendChild(span);
  });
  var note = box.querySelector('.ph-note');
  if (note) note.textContent = placeholderWords() + ' · loading the calculator…';
}

// Nothing heavy (costlab.js, the wasm) loads until the embed nears the viewport; on small
// screens and with Save-Data, only on a click.
// boot: main.js's start, run once costlab.js has loaded (script.onload).
export function embedStart(boot) {
  fillPlaceholder();
  fullLink(currentFragment());
  applyTheme();
  watchHeight();
  var loading = false;
  function load() {
    if (loading) return;
    loading = true;
    var btn = byId('activate');
    btn.hidden = true;
    setState('loading');
    var s = document.createElement('script');
    s.src = 'costlab.js';
    s.onload = boot;
    s.onerror = function () { fatal('error', 'The cost model (costlab.js) did not load.', 'Reload the page; if it keeps happening the site is incomplete.'); };
    document.head.appendChild(s);
  }
  var conn = navigator.connection;
  var manual = (window.innerWidth || 800) < 480 || !!(conn && conn.saveData) || queryParam('activate') === 'click';
  if (manual) {
    setState('idle');
    var btn = byId('activate');
    btn.hidden = false;
    btn.addEventListener('click', load);
    var note = document.querySelector('#placeholder .ph-note');
    if (note) note.textContent = placeholderWords() + ' · the calculator loads on request (about 300 KB).';
    return;
  }
  if (!window.IntersectionObserver) { load(); return; }
  // In an iframe the implicit root is the top page's viewport: this waits for the host's scroll.
  var io = new IntersectionObserver(function (entries) {
    if (!entries.some(function (e) { return e.isIntersecting; })) return;
    io.disconnect();
    load();
  }, { rootMargin: '600px 0px' });
  io.observe(byId('stage'));
}
