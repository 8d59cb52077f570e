// A criterion's page (templates/criteria/criterion_entry.html). With JavaScript, each
// indicator's form is sent in the background and only that indicator, the counts and the
// criterion's status are replaced from the page the server answers with – the same page a
// plain post returns to – so the official stays where they are. Without JavaScript the form
// posts as usual and the page comes back on that indicator.
//
// What is typed is kept on the device until saved (keep.js, loaded before this). A save that
// finds no network leaves the page as it is, says so, and is sent again by itself when the
// connection comes back – told by the browser, or found by trying again now and then – or by
// pressing Lưu; any other answer (the sign-in page after the
// session ran out, an error page) is shown as a plain post would, the typing kept.
(function () {
  "use strict";
  var live = document.getElementById("entry-live");
  var keeping = window.ntmKeep;
  if (!live || !window.fetch || !window.DOMParser || !keeping) {
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

  function UnexpectedPage() {}

  // A save that found no network is tried again when the browser says the network is back,
  // and every so often meanwhile (a weak signal comes back without telling): after 2 s, 5 s, 15 s,
  // 30 s, then every minute, while the page is open.
  var retry = { timer: null, count: 0 };
  function sendWaiting() {
    retry.timer = null;
    if (navigator.onLine === false) {
      later();
      return;
    }
    document.querySelectorAll(".indicator-entry form[data-waiting]").forEach(send);
  }
  function later() {
    if (retry.timer === null) {
      var delays = [2000, 5000, 15000, 30000];
      retry.timer = window.setTimeout(sendWaiting, delays[retry.count] || 60000);
      retry.count += 1;
    }
  }

  function send(form) {
    var article = form.closest(".indicator-entry");
    var selector = '[id="' + article.id + '"]';
    var button = form.querySelector("button[type=submit]");
    delete form.dataset.waiting;
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
          throw new UnexpectedPage();
        }
        swap(doc, selector);
        ["#headline-count", "#indicator-count", "#workflow-state", "main h1"].forEach(function (s) {
          swap(doc, s);
        });
        retry.count = 0;
        var now = document.querySelector(selector);
        var refused = now.querySelector(".errors");
        now.querySelectorAll("form").forEach(function (f) {
          if (refused) {
            keeping.keep(f); // still not saved: kept as the server sent it back
          } else {
            keeping.drop(f);
          }
          keeping.watch(f);
          bind(f);
        });
        var said = doc.querySelector(".messages") || refused;
        live.textContent = said ? said.textContent.replace(/\s+/g, " ").trim() : "";
        var focus = now.querySelector("[autofocus]") || now.querySelector("h2");
        if (focus.tagName === "H2") {
          focus.setAttribute("tabindex", "-1");
        }
        focus.focus();
      })
      .catch(function (error) {
        if (button) {
          button.disabled = false;
        }
        if (error instanceof UnexpectedPage) {
          live.textContent = "";
          form.submit(); // the plain post, which works without this script (the sign-in page…)
          return;
        }
        // no network: nothing leaves the page; sent again when the connection returns
        form.dataset.waiting = "1";
        var code = article.querySelector(".code");
        var text =
          "Chưa lưu được chỉ tiêu " + (code ? code.textContent : "") + ": không có kết nối mạng. " +
          "Phần bạn nhập vẫn còn trên trang và trên máy này; khi có mạng trở lại, trang tự gửi lại " +
          "(hoặc bấm Lưu).";
        keeping.say(form, text, "offline");
        live.textContent = text;
        later();
      });
  }

  function bind(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(form);
    });
  }

  window.addEventListener("online", function () {
    if (retry.timer !== null) {
      window.clearTimeout(retry.timer);
    }
    sendWaiting();
  });

  document.querySelectorAll(".indicator-entry form").forEach(bind);
})();
