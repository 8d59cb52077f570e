// A criterion's page (templates/criteria/criterion_entry.html). With JavaScript, each
// indicator's form is sent in the background and only that indicator, the counts and the
// criterion's status are replaced from the page the server answers with – the same page a
// plain post returns to – so the official stays where they are. Without JavaScript the form
// posts as usual and the page comes back on that indicator.
//
// Nothing typed is lost to a bad connection, a closed tab or a session that ran out:
// - what is typed is kept on this device (localStorage, per person and indicator) until the
//   server has saved it; reopening the page fills it back in, saying so, with a button to
//   drop it. If the indicator was changed on the server since, nothing is filled in: the
//   kept values are shown as text beside the new ones (a version check, as the server's);
// - a save that finds no network leaves the page as it is, says so, and is sent again by
//   itself when the connection comes back (or by pressing Lưu);
// - any other answer (the sign-in page, an error page) is shown as a plain post would.
(function () {
  "use strict";
  var live = document.getElementById("entry-live");
  if (!live || !window.fetch || !window.DOMParser) {
    return;
  }
  var KEEP_DAYS = 30;
  var store = (function () {
    try {
      window.localStorage.setItem("ntm:thu", "1");
      window.localStorage.removeItem("ntm:thu");
      return window.localStorage;
    } catch (e) {
      return null; // private mode or storage turned off: the page works, nothing is kept
    }
  })();

  function swap(doc, selector) {
    var fresh = doc.querySelector(selector);
    var old = document.querySelector(selector);
    if (fresh && old) {
      old.replaceWith(fresh);
    }
    return fresh;
  }

  function say(form, text, kind) {
    var note = form.querySelector(".draft-note");
    if (!text) {
      if (note) {
        note.remove();
      }
      return null;
    }
    if (!note) {
      note = document.createElement("div");
      note.setAttribute("role", "note");
      form.insertBefore(note, form.firstChild);
    }
    note.className = "notice draft-note " + kind;
    note.textContent = text;
    return note;
  }

  // ---- kept on this device ------------------------------------------------------------
  function key(form) {
    return store && form.dataset.draft ? "ntm:nhap:" + form.dataset.draft : null;
  }
  function versionOf(form) {
    var field = form.querySelector("input[type=hidden][name$='-version']");
    return field ? field.value : "";
  }
  function typed(form) {
    // the fields a person fills in: not the token, the row, the version or the file
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && ["hidden", "file", "submit", "button"].indexOf(el.type) < 0;
    });
  }
  function labelOf(el) {
    var label = el.labels && el.labels[0];
    return (label ? label.textContent : el.name).replace(/\s+/g, " ").replace(/\s*\*$/, "").trim();
  }
  function shown(el) {
    if (el.tagName === "SELECT") {
      var option = el.options[el.selectedIndex];
      return option ? option.textContent.trim() : "";
    }
    return el.value;
  }
  function asServed(el) {
    if (el.tagName === "SELECT") {
      return Array.prototype.every.call(el.options, function (o) {
        return o.selected === o.defaultSelected;
      });
    }
    return el.value === el.defaultValue;
  }
  function fileName(form) {
    var file = form.querySelector("input[type=file]");
    return file && file.files && file.files.length ? file.files[0].name : "";
  }

  function keep(form) {
    var k = key(form);
    if (!k) {
      return;
    }
    var fields = typed(form);
    var file = fileName(form);
    // a form the server sent back refused shows the typed values as its own: keep them
    var refused = form.querySelector(".errors");
    if (!refused && !file && fields.every(asServed)) {
      store.removeItem(k);
      return;
    }
    var draft = { version: versionOf(form), at: Date.now(), file: file, values: {}, lines: [] };
    fields.forEach(function (el) {
      draft.values[el.name] = el.value;
      draft.lines.push(labelOf(el) + ": «" + shown(el) + "»");
    });
    try {
      store.setItem(k, JSON.stringify(draft));
    } catch (e) {
      // storage full: the page still holds what was typed
    }
  }
  function drop(form) {
    var k = key(form);
    if (k) {
      store.removeItem(k);
    }
  }
  function when(ms) {
    var d = new Date(ms);
    function two(n) {
      return (n < 10 ? "0" : "") + n;
    }
    return two(d.getHours()) + ":" + two(d.getMinutes()) + " ngày " + two(d.getDate()) + "/" + two(d.getMonth() + 1);
  }

  function restore(form) {
    var k = key(form);
    var draft = null;
    if (k) {
      try {
        draft = JSON.parse(store.getItem(k));
      } catch (e) {
        draft = null;
      }
    }
    if (!draft || !draft.values || Date.now() - draft.at > KEEP_DAYS * 864e5) {
      if (k) {
        store.removeItem(k);
      }
      return;
    }
    var text;
    var again = draft.file ? " Tệp «" + draft.file + "» cần chọn lại." : "";
    if (draft.version === versionOf(form)) {
      typed(form).forEach(function (el) {
        if (Object.prototype.hasOwnProperty.call(draft.values, el.name)) {
          el.value = draft.values[el.name];
        }
      });
      text = "Đã điền lại phần bạn nhập lúc " + when(draft.at) + " nhưng chưa lưu. Bấm Lưu để lưu." + again;
    } else {
      text =
        "Phần bạn nhập lúc " + when(draft.at) + " chưa được lưu, nhưng chỉ tiêu đã được cập nhật sau đó " +
        "nên không điền lại: " + draft.lines.join("; ") + "." + again +
        " Xem giá trị mới rồi nhập lại nếu vẫn cần sửa.";
    }
    var note = say(form, text, "kept");
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Bỏ phần nhập này";
    button.addEventListener("click", function () {
      drop(form);
      form.reset(); // back to what the server holds
      say(form, "");
      live.textContent = "Đã bỏ phần nhập chưa lưu.";
      form.querySelector("button[type=submit]").focus();
    });
    note.appendChild(document.createTextNode(" "));
    note.appendChild(button);
  }

  // ---- sending ------------------------------------------------------------------------
  function UnexpectedPage() {}

  function send(form) {
    var article = form.closest(".indicator-entry");
    var selector = '[id="' + article.id + '"]';
    var button = form.querySelector("button[type=submit]");
    keep(form);
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
        var fresh = doc.querySelector(selector);
        if (!fresh) {
          throw new UnexpectedPage();
        }
        swap(doc, selector);
        ["#headline-count", "#indicator-count", "#workflow-state", "main h1"].forEach(function (s) {
          swap(doc, s);
        });
        var now = document.querySelector(selector);
        var refused = now.querySelector(".errors");
        now.querySelectorAll("form").forEach(function (f) {
          if (refused) {
            keep(f); // still not saved: kept as the server sent it back
          } else {
            drop(f);
          }
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
        say(form, text, "offline");
        live.textContent = text;
      });
  }

  function bind(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(form);
    });
    form.addEventListener("input", function () {
      keep(form);
    });
    form.addEventListener("change", function () {
      keep(form);
    });
  }

  window.addEventListener("online", function () {
    document.querySelectorAll(".indicator-entry form[data-waiting]").forEach(send);
  });

  document.querySelectorAll(".indicator-entry form").forEach(function (form) {
    restore(form);
    bind(form);
  });
})();
