// The targets page: each commune's criteria are boxes behind a line naming those ticked
// ("Tiêu chí 9, 18"). The server writes that line; this keeps it true while boxes are ticked,
// before anything is saved. Without JavaScript the line says what was saved.
(function () {
  "use strict";
  function update(pick) {
    var numbers = Array.prototype.filter
      .call(pick.querySelectorAll("input[type=checkbox]"), function (box) {
        return box.checked;
      })
      .map(function (box) {
        return box.parentNode.textContent.trim().split(".")[0];
      });
    var line = pick.querySelector("summary .chosen");
    if (line) {
      line.textContent = numbers.length ? "Tiêu chí " + numbers.join(", ") : "Chưa chọn tiêu chí";
    }
  }
  document.querySelectorAll("details.pick").forEach(function (pick) {
    pick.addEventListener("change", function () {
      update(pick);
    });
    update(pick); // (boxes a kept draft ticked back in)
  });
})();
