// A value typed ten times last year's, or a tenth (criteria.views._compare_with puts last
// year's on the box as data-earlier): said under the box as it is typed, before it is sent –
// more often a slipped decimal comma (62,5 typed as 625) or unit than a real change. The same
// words as the page says under last year's line once it is saved (criteria/_earlier.html),
// and that line's own warning gives way to this one while typing. It refuses nothing; what
// cannot be read here (a number the server will ask about) says nothing.
(function () {
  "use strict";
  var FAR = 10;

  function read(text) {
    // as common.numbers.read_number: a decimal comma; dots grouping thousands; a lone dot
    // before other than three digits a decimal point
    var t = String(text).replace(/[\s\u00a0]/g, "");
    if (!t) {
      return null;
    }
    if (t.indexOf(",") >= 0 || (t.match(/\./g) || []).length > 1) {
      t = t.replace(/\./g, "").replace(",", ".");
    } else if (/^-?\d{1,3}\.\d{3}$/.test(t) && !/^-?0\./.test(t)) {
      return null; // 1.234 reads both ways: the server asks which
    }
    if (!/^-?\d*\.?\d+$/.test(t)) {
      return null;
    }
    return Number(t);
  }

  function hint(box) {
    var id = box.id + "-far";
    var said = document.getElementById(id);
    if (!said) {
      said = document.createElement("p");
      said.id = id;
      said.className = "far-hint";
      said.setAttribute("role", "status");
      (box.closest(".field") || box).insertAdjacentElement("afterend", said);
    }
    return said;
  }

  function compare(box) {
    var before = Number(box.getAttribute("data-earlier"));
    var year = box.getAttribute("data-earlier-year");
    var now = read(box.value);
    var text = "";
    if (now && before && (now > 0) === (before > 0)) {
      var ratio = now / before;
      if (ratio >= FAR) {
        text = "gấp 10 lần năm " + year + " trở lên";
      } else if (ratio * FAR <= 1) {
        text = "chỉ bằng 1/10 năm " + year + " trở xuống";
      }
    }
    var form = box.form;
    var saved = form && form.closest("article, main");
    if (saved) {
      // the line under last year's speaks of the value saved; this one of the value typed
      Array.prototype.forEach.call(saved.querySelectorAll(".earlier .far-hint"), function (el) {
        el.hidden = true;
      });
    }
    hint(box).textContent = text
      ? "Giá trị đang nhập " + text + ": xem lại dấu phẩy thập phân và đơn vị tính."
      : "";
  }

  // the live regions are there before anything is said in them
  Array.prototype.forEach.call(document.querySelectorAll("input[data-earlier]"), hint);
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (box && box.matches && box.matches("input[data-earlier]")) {
      compare(box);
    }
  });
})();
