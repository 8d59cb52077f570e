// On a phone a block of filters (details[data-narrow-closed], e.g. the task list's) starts
// folded, so the results come first; its summary opens it. It stays open while a filter is in
// use or refused (data-active), and on a wider screen. Without JavaScript it is simply open.
if (window.matchMedia && window.matchMedia("(max-width: 700px)").matches) {
  document.querySelectorAll("details[data-narrow-closed]:not([data-active])").forEach(function (box) {
    box.open = false;
  });
}
