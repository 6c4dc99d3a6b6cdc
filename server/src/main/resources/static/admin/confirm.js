/* A form with data-confirm (revoke a key, delete a schedule, an import that deletes filters)
   asks first, in words that name what is lost. Without script the form posts as before. */
document.addEventListener('submit', function (event) {
  var text = event.target.getAttribute && event.target.getAttribute('data-confirm');
  if (text && !window.confirm(text)) {
    event.preventDefault();
  }
});
