/* Times in the viewer's own time zone: every <time datetime="…Z" data-local> is rewritten from
   the server's UTC text to the browser's zone and language; the UTC text stays in its title.
   data-local="date" shows the day only, "seconds" keeps the seconds. Without script, UTC. */
(function () {
  'use strict';
  function show(element) {
    var when = new Date(element.getAttribute('datetime'));
    if (isNaN(when.getTime())) { return; }
    var detail = element.getAttribute('data-local');
    var options = { year: 'numeric', month: 'short', day: 'numeric' };
    if (detail !== 'date') {
      options.hour = '2-digit';
      options.minute = '2-digit';
      if (detail === 'seconds') { options.second = '2-digit'; }
      options.timeZoneName = 'short';
    }
    if (!element.title) { element.title = element.textContent.trim(); }
    element.textContent = new Intl.DateTimeFormat(undefined, options).format(when);
  }
  function all(root) {
    (root || document).querySelectorAll('time[data-local]').forEach(show);
  }
  document.addEventListener('DOMContentLoaded', function () { all(document); });
  // Parts htmx swaps in later.
  document.addEventListener('htmx:afterSwap', function (event) { all(event.target); });
})();
