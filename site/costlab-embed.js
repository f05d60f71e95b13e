/* costlab embed helper (optional): sizes each costlab <iframe> to the height it posts. Only
   a message from this script's origin counts, and only the iframe on that origin whose
   contentWindow sent it is sized (100-20000 px): no other frame can resize one or itself. */
(function () {
  'use strict';
  var o;
  try { o = new URL(document.currentScript.src).origin; } catch (x) { return; }
  addEventListener('message', function (e) {
    var d = e.data;
    if (e.origin !== o || !e.source) return;
    if (typeof d === 'string') try { d = JSON.parse(d); } catch (x) { return; }
    var m = d && d['costlab-height'], h = m && +m.height;
    if (!(h > 0 && h < 1e6)) return;
    h = Math.ceil(Math.min(Math.max(h, 100), 20000));
    var f = document.getElementsByTagName('iframe');
    for (var i = 0; i < f.length; i++) {
      if (f[i].contentWindow === e.source && new URL(f[i].src, location).origin === o) {
        f[i].style.height = h + 'px';
        f[i].setAttribute('height', h);
      }
    }
  });
})();
