// The canvas host's input: the page feeds ImGui from its own listeners (GLFW's are removed:
// they cancel Tab, Backspace and the wheel everywhere). Pointer and touch (a vertical swipe
// is the browser's scroll), the wheel (the page's unless an ImGui list under it can scroll),
// keys while the canvas has focus (Escape then Tab leaves), and the phone keyboard's hidden
// <input>. Start at wireInput(), called once when the app starts.
import { byId } from './shell.js';
import { M, api } from './runtime.js';
import { canvas, ime, info, frames, noteInput } from './frames.js';

export var lastPointer = 'mouse'; // pointerType of the last press: phones get the keyboard <input>
var touch = null; // a touch not yet given to ImGui: {id, x, y, sent}
function local(e) {
  var r = canvas.getBoundingClientRect();
  return { x: e.clientX - r.left, y: e.clientY - r.top };
}
function mods(e) { return (e.ctrlKey ? 1 : 0) | (e.shiftKey ? 2 : 0) | (e.altKey ? 4 : 0) | (e.metaKey ? 8 : 0); }
function source(e) { return e.pointerType === 'touch' ? 1 : e.pointerType === 'pen' ? 2 : 0; }

export function wireInput() {
  canvas.addEventListener('pointerdown', function (e) {
    if (!e.isPrimary) return;
    lastPointer = e.pointerType || 'mouse';
    var p = local(e);
    if (document.activeElement !== canvas) { pointerFocus = true; canvas.focus({ preventScroll: true }); }
    if (e.pointerType === 'touch') {
      // Wait: a vertical swipe is the browser's (it scrolls the page, touch-action: pan-y)
      // and must not press what is under the finger. A tap or a sideways drag is ours.
      touch = { id: e.pointerId, x: p.x, y: p.y, sent: false };
      return;
    }
    try { canvas.setPointerCapture(e.pointerId); } catch (err) { /* not capturable */ }
    M._costlab_pointer(1, source(e), p.x, p.y, e.button, mods(e));
    noteInput('button', 1);
  });
  canvas.addEventListener('pointermove', function (e) {
    if (!e.isPrimary) return;
    var p = local(e);
    if (touch && e.pointerId === touch.id && !touch.sent) {
      if (Math.abs(p.x - touch.x) < 4) return;
      touch.sent = true;
      try { canvas.setPointerCapture(e.pointerId); } catch (err) { /* ignore */ }
      M._costlab_pointer(1, 1, touch.x, touch.y, 0, 0);
    }
    M._costlab_pointer(0, source(e), p.x, p.y, -1, mods(e));
    noteInput(e.buttons ? 'button' : 'move', 1);
  });
  function up(e, cancelled) {
    if (!e.isPrimary) return;
    var p = local(e);
    if (touch && e.pointerId === touch.id) {
      var t = touch;
      touch = null;
      if (cancelled && !t.sent) return; // the browser scrolled: nothing was pressed
      if (!t.sent) M._costlab_pointer(1, 1, t.x, t.y, 0, 0);
      M._costlab_pointer(cancelled ? 4 : 2, 1, p.x, p.y, 0, 0);
      M._costlab_pointer(3, 1, 0, 0, 0, 0); // no hover after a finger lifts
      noteInput('button', 1);
      frames.flush(8); // a text field activated by this tap may open the keyboard, in-gesture
      return;
    }
    M._costlab_pointer(cancelled ? 4 : 2, source(e), p.x, p.y, e.button, mods(e));
    noteInput('button', 1);
  }
  canvas.addEventListener('pointerup', function (e) { up(e, false); });
  canvas.addEventListener('pointercancel', function (e) { up(e, true); });
  canvas.addEventListener('pointerleave', function (e) {
    if (e.pointerType === 'touch' || canvas.hasPointerCapture(e.pointerId)) return;
    M._costlab_pointer(3, source(e), 0, 0, 0, mods(e));
    noteInput('move', 1);
  });
  canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });

  // The wheel scrolls the page unless the ImGui region under the pointer can scroll that way.
  canvas.addEventListener('wheel', function (e) {
    if (e.ctrlKey) return; // pinch and Ctrl+wheel zoom the page
    var p = local(e);
    if (M._costlab_wheel(p.x, p.y, e.deltaX, e.deltaY, e.deltaMode, e.shiftKey ? 1 : 0)) {
      e.preventDefault();
      noteInput('wheel', 1);
    }
  }, { passive: false });

  // Keys reach ImGui only while the canvas (or its phone <input>) has focus. Tab, Shift+Tab
  // and the arrows move between widgets (ImGui's keyboard navigation), Space and Enter press.
  // The way out: Escape (outside a text field or a popup, which it closes first), then Tab or
  // Shift+Tab is the browser's again. Keys that would scroll the page are cancelled while
  // the canvas has them.
  function isChar(e) { return !e.ctrlKey && !e.metaKey && e.key && Array.from(e.key).length === 1; }
  var NAV_KEYS = /^(Tab|Arrow(Up|Down|Left|Right)|Page(Up|Down)|Home|End| |Spacebar|Enter|Escape)$/;
  function key(e, down) {
    if (e.isComposing || e.keyCode === 229) return; // the <input>'s input events carry it
    if (e.target === canvas && e.key === 'Tab' && !info.wantText && (leaving || e.ctrlKey || e.altKey || e.metaKey)) {
      if (down) setLeaving(false);
      return; // the browser moves the focus on
    }
    if (down && e.target === canvas && !/^(Shift|Control|Alt|Meta)$/.test(e.key)) {
      setLeaving(e.key === 'Escape' && !info.wantText && !info.popup);
    }
    var known = api.key(e.code || '', e.key || '', down ? 1 : 0, mods(e));
    var ch = down && isChar(e);
    if (ch && (info.wantText || e.target === ime)) api.text(e.key);
    var shortcut = e.ctrlKey || e.metaKey;
    var prevent;
    if (e.target === ime) prevent = known || ch;
    else if (shortcut) prevent = info.wantText && /^[azy]$/i.test(e.key); // copy/paste events must happen
    else prevent = (info.wantKeyboard || info.wantText || (known && NAV_KEYS.test(e.key))) && !/^F\d+$/.test(e.key);
    if (prevent) e.preventDefault();
    noteInput('key', 1);
  }
  // Escape pressed: the next Tab leaves; the hint under the canvas says so.
  var leaving = false;
  function setLeaving(on) {
    if (leaving === on) return;
    leaving = on;
    var hint = byId('kbd-hint');
    hint.setAttribute('data-leaving', on ? 'true' : 'false');
  }
  // Focus arriving from the page by Tab (from before the canvas) or Shift+Tab (from after):
  // the first or the last widget takes it, so the next key already acts on something.
  var pointerFocus = false; // set by pointerdown just before it focuses the canvas
  function enterByKeyboard(e) {
    var from = e.relatedTarget;
    if (pointerFocus || !from || from === ime || !from.compareDocumentPosition) return;
    var before = (from.compareDocumentPosition(canvas) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    frames.flush(1); // the frame that gives the outer window the focus (costlab_focus)
    api.key('Tab', 'Tab', 1, before ? 0 : 2);
    api.key('Tab', 'Tab', 0, before ? 0 : 2);
    api.key('ShiftLeft', 'Shift', 0, 0);
    noteInput('key', 3);
  }
  [canvas, ime].forEach(function (el) {
    el.addEventListener('keydown', function (e) { key(e, true); });
    el.addEventListener('keyup', function (e) { key(e, false); });
  });
  canvas.addEventListener('focus', function (e) {
    M._costlab_focus(1);
    noteInput('key', 1);
    enterByKeyboard(e);
    pointerFocus = false;
    setLeaving(false);
  });
  canvas.addEventListener('blur', function () {
    setTimeout(function () {
      if (document.activeElement !== ime && document.activeElement !== canvas) { M._costlab_focus(0); noteInput('key', 1); }
    }, 0);
  });
  ime.addEventListener('blur', function () {
    setTimeout(function () {
      if (document.activeElement !== ime && document.activeElement !== canvas) { M._costlab_focus(0); noteInput('key', 1); }
    }, 0);
  });

  // The phone keyboard: typed text arrives as input events on the hidden <input>, which
  // keeps one placeholder character so Backspace always has something to delete.
  ime.addEventListener('input', function (e) {
    if (e.inputType === 'deleteContentBackward') {
      api.key('Backspace', 'Backspace', 1, 0);
      api.key('Backspace', 'Backspace', 0, 0);
    } else if (e.inputType !== 'insertCompositionText' && e.data) {
      api.text(e.data);
    }
    if (!e.isComposing) resetIme();
    noteInput('key', 1);
  });
  ime.addEventListener('compositionend', function (e) {
    if (e.data) api.text(e.data);
    resetIme();
    noteInput('key', 1);
  });
}

export function resetIme() {
  ime.value = ' ';
  try { ime.setSelectionRange(1, 1); } catch (e) { /* not focused */ }
}
