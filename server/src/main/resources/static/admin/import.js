/* The filter import page: shows the upload's progress (a file script, as the pages allow no inline script). */
document.body.addEventListener('htmx:xhr:progress', function (event) {
  'use strict';
  var bar = document.getElementById('upload-progress');
  var state = document.getElementById('upload-state');
  if (!bar || !event.detail.lengthComputable) { return; }
  var percent = Math.round(event.detail.loaded / event.detail.total * 100);
  bar.value = percent;
  /* The words come from the page, in its language; {0} is the percentage. */
  state.textContent = percent < 100
    ? (state.getAttribute('data-uploading') || 'Uploading… {0} %').replace('{0}', percent)
    : (state.getAttribute('data-reading') || 'Reading the file…');
});
