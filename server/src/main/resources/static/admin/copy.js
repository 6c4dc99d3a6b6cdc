/* "Copy" buttons: <button data-copy="id-of-element"> copies that element's text (a file script, as the pages allow no inline script). */
(function () {
  'use strict';
  function copied(button, words) {
    var state = document.getElementById(button.getAttribute('aria-describedby'));
    if (state) { state.textContent = words; }
  }
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    button.addEventListener('click', function () {
      var source = document.getElementById(button.getAttribute('data-copy'));
      if (!source) { return; }
      var text = source.textContent.trim();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () {
          copied(button, 'Copied.');
        }, function () {
          selectText(source);
          copied(button, 'Selected: press Ctrl+C or ⌘+C to copy.');
        });
      } else {
        selectText(source);
        copied(button, 'Selected: press Ctrl+C or ⌘+C to copy.');
      }
    });
  });
  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
}());
