// Section links and layout: the full page scrolls the calculator. #stage is as tall as the
// app's layout (--content-h, App::content_height(), set after each frame by fitCanvas), the
// canvas sticks to the top of the viewport inside it, and the page's scroll offset over the
// stage is the layout's scroll (pageScroll). The section links (#sections) jump to a panel.
// web/README.md, "Layout", says why this design.
import { byId } from './shell.js';
import { M, api, appRunning } from './runtime.js';
import { canvas, canvasCss, frames, resize } from './frames.js';

// The stage's --content-h is App::content_height(). The embed's canvas takes that height, so
// the embed's own page (and, with the host script, the iframe) scrolls, never the GUI: the
// wheel goes on to the host post. On the full page the stage takes it and the canvas, one
// viewport tall at most, sticks inside it (pageScroll).
export function fitCanvas() {
  // Through a custom property on the stage: Emscripten's GLFW clears the canvas's own
  // inline width and height whenever it resizes the backing store.
  var h = Math.ceil(M._costlab_content_height());
  var stage = byId('stage');
  if (h > 0 && Math.abs(h - canvasCss.h) >= 1 && stage.style.getPropertyValue('--content-h') !== h + 'px') {
    stage.style.setProperty('--content-h', h + 'px');
    if (!window.ResizeObserver) resize();
  }
}

// ---- the full page: the page's scroll is the layout's ------------------------------------
// offset = how far the page has scrolled past the stage's top, clamped to what the sticky
// canvas can show; sent to the app on every scroll and before every frame. Keyboard
// navigation that scrolls the layout (a widget brought into view) scrolls the page instead.
export var pageScroll = {
  on: false, offset: 0,
  measure: function () {
    var stage = byId('stage');
    var top = stage.getBoundingClientRect().top;
    var max = Math.max(0, stage.offsetHeight - canvas.offsetHeight);
    return Math.max(0, Math.min(max, -top));
  },
  update: function () {
    if (!pageScroll.on || !appRunning) return false;
    var y = pageScroll.measure();
    if (Math.abs(y - pageScroll.offset) < 0.25) return false;
    pageScroll.offset = y;
    M._costlab_page_scroll(y);
    return true;
  },
  stageTop: function () { return byId('stage').getBoundingClientRect().top + window.scrollY; },
  // The app scrolled its layout to y: bring the page there (no animation: it follows keys).
  follow: function (y) {
    if (Math.abs(y - pageScroll.offset) < 0.5) return;
    pageScroll.offset = y;
    window.scrollTo(window.scrollX, pageScroll.stageTop() + y);
  },
  // A section link: the panel's top just under the top of the viewport.
  jump: function (key) {
    if (!appRunning) return;
    var y = api.revealPanel(key);
    if (!(y >= 0)) return;
    var reduce = window.matchMedia && matchMedia('(prefers-reduced-motion: reduce)').matches;
    var target = Math.max(0, pageScroll.stageTop() + y - 4);
    var already = Math.abs(window.scrollY - target) < 1;
    window.scrollTo({ top: target, behavior: reduce ? 'auto' : 'smooth' });
    frames.request(2);
    // A panel that opened as it was revealed makes the layout taller a frame later, so a
    // scroll aimed near the end may have stopped short: once it ends, aim again where the
    // panel is now.
    var again = function () {
      var y2 = api.revealPanel(key);
      var top = Math.max(0, pageScroll.stageTop() + y2 - 4);
      if (y2 >= 0 && Math.abs(window.scrollY - top) > 2) window.scrollTo(window.scrollX, top);
      frames.request(2);
    };
    if (already) return; // no scroll, no scrollend
    if ('onscrollend' in window) {
      window.addEventListener('scrollend', again, { once: true });
      // Never later than this jump's own scroll: a visitor's next scroll is theirs.
      setTimeout(function () { window.removeEventListener('scrollend', again); }, 3000);
    } else setTimeout(again, 600);
  },
  start: function () {
    pageScroll.on = true;
    M._costlab_page_scroll(0);
    window.addEventListener('scroll', function () { if (pageScroll.update()) frames.request(1); }, { passive: true });
    var nav = byId('sections');
    nav.hidden = false;
    nav.addEventListener('click', function (e) {
      var b = e.target.closest ? e.target.closest('[data-panel]') : null;
      if (b) pageScroll.jump(b.getAttribute('data-panel'));
    });
  }
};

