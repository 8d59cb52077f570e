// A criterion's page (templates/criteria/criterion_entry.html). With JavaScript, each
// indicator's form is sent in the background and only that indicator, the counts and the
// criterion's status are replaced from the page the server answers with – the same page a
// plain post returns to – so the official stays where they are. Without JavaScript (or if the
// request fails) the form posts as usual and the page comes back on that indicator.
(function () {
  "use strict";
  var live = document.getElementById("entry-live");
  if (!live || !window.fetch || !window.DOMParser) {
    return;
  }

  function swap(doc, selector) {
    var fresh = doc.querySelector(selector);
    var old = document.querySelector(selector);
    if (fresh && old) {
      old.replaceWith(fresh);
    }
    return fresh;
  }

  function bind(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var article = form.closest(".indicator-entry");
      var selector = '[id="' + article.id + '"]';
      var button = form.querySelector("button[type=submit]");
      if (button) {
        button.disabled = true;
      }
      live.textContent = "Đang lưu…";
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      })
        .then(function (response) {
          return response.text();
        })
        .then(function (text) {
          var doc = new DOMParser().parseFromString(text, "text/html");
          if (!doc.querySelector(selector)) {
            throw new Error("unexpected page");
          }
          swap(doc, selector);
          ["#headline-count", "#indicator-count", "#workflow-state", "main h1"].forEach(
            function (s) {
              swap(doc, s);
            }
          );
          var now = document.querySelector(selector);
          var said = doc.querySelector(".messages") || now.querySelector(".errors");
          live.textContent = said ? said.textContent.replace(/\s+/g, " ").trim() : "";
          now.querySelectorAll("form").forEach(bind);
          var focus = now.querySelector("[autofocus]") || now.querySelector("h2");
          if (focus.tagName === "H2") {
            focus.setAttribute("tabindex", "-1");
          }
          focus.focus();
        })
        .catch(function () {
          live.textContent = "";
          if (button) {
            button.disabled = false;
          }
          form.submit(); // the plain post, which works without this script
        });
    });
  }

  document.querySelectorAll(".indicator-entry form").forEach(bind);
})();
