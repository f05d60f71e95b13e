/* costlab embed helper (optional): sizes each costlab <iframe> to the height it posts.
   The iframe sized is the one whose contentWindow is event.source (as Datawrapper does), so an
   iframe whose id a CMS renamed or stripped is sized too, and no other frame can resize it. */
(function () {
  'use strict';
  addEventListener('message', function (e) {
    var d = e.data;
    if (typeof d === 'string') try { d = JSON.parse(d); } catch (x) { return; }
    var m = d && d['costlab-height'], h = m && +m.height;
    if (!(h > 0 && h < 1e5) || !e.source) return;
    var f = document.getElementsByTagName('iframe');
    for (var i = 0; i < f.length; i++) {
      if (f[i].contentWindow === e.source) {
        f[i].style.height = Math.ceil(h) + 'px';
        f[i].setAttribute('height', Math.ceil(h));
      }
    }
  });
})();
