/* costlab embed helper (optional): sizes each costlab <iframe> to the height it posts.
   Only the iframe whose contentWindow is event.source and whose id is the posted id (the
   snippet's id="costlab-..." and ?id=); iframes without an id keep their fixed height. */
(function () {
  'use strict';
  addEventListener('message', function (e) {
    var d = e.data;
    if (typeof d === 'string') try { d = JSON.parse(d); } catch (x) { return; }
    var m = d && d['costlab-height'], h = m && +m.height;
    if (!(h > 0 && h < 1e5) || !m.id) return;
    var f = document.getElementsByTagName('iframe');
    for (var i = 0; i < f.length; i++) {
      if (f[i].contentWindow === e.source && f[i].id === String(m.id)) {
        f[i].style.height = Math.ceil(h) + 'px';
        f[i].setAttribute('height', Math.ceil(h));
      }
    }
  });
})();
