/* costlab embed helper (optional): sizes each costlab <iframe> to the height it posts.
   Checks event.source against every iframe's contentWindow, so no other frame can resize one. */
(function () {
  'use strict';
  addEventListener('message', function (e) {
    var d = e.data;
    if (typeof d === 'string') try { d = JSON.parse(d); } catch (x) { return; }
    var h = d && d['costlab-height'] && +d['costlab-height'].height;
    if (!(h > 0 && h < 1e5)) return;
    var f = document.getElementsByTagName('iframe');
    for (var i = 0; i < f.length; i++) {
      if (f[i].contentWindow === e.source) {
        f[i].style.height = Math.ceil(h) + 'px';
        f[i].setAttribute('height', Math.ceil(h));
      }
    }
  });
})();
