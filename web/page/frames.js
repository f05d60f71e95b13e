// The canvas host's frame loop: frames on demand (input, resize, devicePixelRatio or theme
// change, a GUI request), none while the canvas is scrolled away or the tab hidden, and after
// each frame what the GUI asked of the page (afterFrame: cursor, phone keyboard, more frames).
// Also the canvas's backing store: CSS size x devicePixelRatio. Start at `frames`.
import { root, byId } from './shell.js';
import { M, appRunning } from './runtime.js';
import { pageScroll, fitCanvas } from './sections.js';
import { grabPendingPng } from './host.js';
import { lastPointer, resetIme } from './input.js';
import { themeFromGui } from './theme.js';

export var canvas = byId('canvas');
export var ime = byId('ime');           // the phone keyboard's hidden <input>
export var canvasCss = { w: 0, h: 0 };  // and ratio: the size the module was last given
// The GUI's last FrameInfo (gui/platform_web.cpp): wantText, wantKeyboard, popup, hovered...
export var info = { wantText: false, wantKeyboard: false, hovered: false, tooltip: false };

var lastInput = 'none';      // 'move' | 'button' | 'key' | 'wheel': what the last input was
var hoverTimer = 0;
var hoverArmed = false;      // a pointer move may wake one frame later, for a tooltip

export var frames = {
  left: 0, forced: 0, raf: 0, onScreen: true, visible: !document.hidden,
  // n frames from now. force: even while the canvas is scrolled away (a change made
  // outside it, such as the form, still has to reach the twin through the app).
  request: function (n, force) {
    if (n > frames.left) frames.left = n;
    if (force && n > frames.forced) frames.forced = n;
    frames.schedule();
  },
  allowed: function () { return appRunning && frames.visible && (frames.onScreen || frames.forced > 0); },
  schedule: function () {
    if (frames.raf || frames.left <= 0 || !frames.allowed()) return;
    frames.raf = requestAnimationFrame(frames.tick);
  },
  tick: function () {
    frames.raf = 0;
    if (!frames.allowed()) return;
    frames.draw();
    frames.schedule();
  },
  draw: function () {
    // A ratio change the media query missed (some browsers, emulators): caught at the next
    // frame, which input would draw anyway.
    if ((window.devicePixelRatio || 1) !== canvasCss.ratio) resize();
    pageScroll.update();
    frames.left--;
    if (frames.forced > 0) frames.forced--;
    var t0 = performance.now();
    M._costlab_frame();
    var t1 = performance.now();
    grabPendingPng();
    window.costlabFrames++;
    var times = window.costlabFrameTimes;
    times.push(t1 - t0);
    if (times.length > 600) times.shift();
    if (window.costlabFirstFrameMs === null) {
      window.costlabFirstFrameMs = t1;
      byId('placeholder').hidden = true;
      root.setAttribute('data-canvas', 'drawn');
    }
  },
  // Runs pending frames now (inside a touch gesture, so a text field can open the keyboard).
  flush: function (max) {
    if (frames.raf) { cancelAnimationFrame(frames.raf); frames.raf = 0; }
    for (var i = 0; i < max && frames.left > 0 && appRunning; i++) frames.draw();
    frames.schedule();
  }
};

// After every frame: the cursor, the phone keyboard's <input>, key routing, more frames.
var CURSORS = ['default', 'text', 'move', 'ns-resize', 'ew-resize', 'nesw-resize', 'nwse-resize', 'pointer', 'not-allowed'];
var settling = 0; // frames drawn in a row only because the layout was still moving
export function afterFrame(f) {
  info = f;
  fitCanvas();
  if (f.guiScrolled) pageScroll.follow(f.scrollY);
  var cursor = f.cursor < 0 ? 'none' : (CURSORS[f.cursor] || 'default');
  if (canvas.style.cursor !== cursor) canvas.style.cursor = cursor;
  if (f.pending) frames.request(1); // ImGui feeds one button change per frame
  // Auto-sized panels, new popups and tooltips settle a frame late: draw until still (a
  // few frames at most, whatever happens).
  if (f.unsettled && settling < 4) { settling++; frames.request(1); } else if (!f.unsettled) settling = 0;
  if (f.themeByGui) themeFromGui(f.dark);
  // A tooltip shows after the pointer rests on an item: one frame after the delay (then it
  // settles like any new window). Only after the pointer moved: a click needs no tooltip.
  if (f.hovered && hoverArmed && !hoverTimer) {
    hoverArmed = false;
    hoverTimer = setTimeout(function () { hoverTimer = 0; if (lastInput === 'move') frames.request(1); }, 450);
  }
  // Phones: a text field became active after a touch: focus the hidden <input> at the caret
  // so the on-screen keyboard opens (numbers get the decimal keypad).
  if (f.wantText && lastPointer !== 'mouse') {
    ime.style.left = Math.max(0, Math.min(canvasCss.w - 2, f.imeX)) + 'px';
    ime.style.top = (pageScroll.offset + Math.max(0, Math.min(canvasCss.h - 2, f.imeY))) + 'px';
    ime.inputMode = f.numeric ? 'decimal' : 'text';
    if (document.activeElement !== ime) {
      resetIme();
      ime.focus({ preventScroll: true });
    }
  } else if (!f.wantText && document.activeElement === ime) {
    canvas.focus({ preventScroll: true });
  }
}

// Every input: one frame (n), and what kind it was (a tooltip waits only after a move).
export function noteInput(kind, n) {
  lastInput = kind;
  settling = 0;
  hoverArmed = kind === 'move';
  if (hoverTimer) { clearTimeout(hoverTimer); hoverTimer = 0; }
  frames.request(n);
}

// ---- canvas size: CSS size x devicePixelRatio, exact where the browser says so ----------
var deviceSize = null; // from ResizeObserver's devicePixelContentBoxSize (Chromium)
export function resize() {
  if (!appRunning) return;
  var rect = canvas.getBoundingClientRect();
  var ratio = window.devicePixelRatio || 1;
  if (rect.width <= 0 || rect.height <= 0) return;
  canvasCss = { w: rect.width, h: rect.height, ratio: ratio };
  // The device-pixel box is exact (no rounding blur) where the browser reports it truly;
  // headless Chromium with an emulated scale factor reports CSS pixels there.
  var exact = deviceSize && Math.abs(deviceSize.w - rect.width * ratio) <= 1 && Math.abs(deviceSize.h - rect.height * ratio) <= 1;
  var bw = exact ? deviceSize.w : Math.round(rect.width * ratio);
  var bh = exact ? deviceSize.h : Math.round(rect.height * ratio);
  M._costlab_resize(rect.width, rect.height, ratio, bw, bh);
  pageScroll.update();
  frames.request(1);
}
function watchRatio() {
  if (!window.matchMedia) return;
  var q = matchMedia('(resolution: ' + (window.devicePixelRatio || 1) + 'dppx)');
  var once = function () {
    q.removeEventListener('change', once);
    deviceSize = null;
    resize();
    watchRatio();
  };
  q.addEventListener('change', once);
}

// Once the app runs: resizes and ratio changes redraw; scrolled away or hidden, nothing does.
export function watchCanvas() {
  if (window.ResizeObserver) {
    var ro = new ResizeObserver(function (entries) {
      var e = entries[entries.length - 1];
      var d = e.devicePixelContentBoxSize && e.devicePixelContentBoxSize[0];
      deviceSize = d ? { w: d.inlineSize, h: d.blockSize } : null;
      resize();
    });
    try { ro.observe(canvas, { box: 'device-pixel-content-box' }); } catch (err) { ro.observe(canvas); }
  } else {
    window.addEventListener('resize', resize);
  }
  watchRatio();
  window.addEventListener('resize', function () { if ((window.devicePixelRatio || 1) !== canvasCss.ratio) resize(); });
  if (window.IntersectionObserver) {
    new IntersectionObserver(function (entries) {
      frames.onScreen = entries[entries.length - 1].isIntersecting;
      frames.schedule();
    }).observe(canvas);
  }
  document.addEventListener('visibilitychange', function () {
    frames.visible = !document.hidden;
    frames.schedule();
  });
}
