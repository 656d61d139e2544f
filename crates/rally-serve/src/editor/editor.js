// Rally's editor: small additions to forms that work without it. Filters the list as you
// type, asks for alt text once a photo path is given, warns before leaving unsaved changes,
// shows the page as it would be with the unsaved text (the preview server renders it), and
// shows each problem under the field it concerns: what the browser finds in a typed input as
// you type, and what the build and `rally check` report; in the photo form, what is missing.
(function () {
  "use strict";
  var filter = document.querySelector("input[data-filter]");
  if (filter) {
    var items = document.querySelectorAll(filter.getAttribute("data-filter"));
    filter.addEventListener("input", function () {
      var q = filter.value.trim().toLowerCase();
      items.forEach(function (li) {
        li.hidden = q !== "" && li.getAttribute("data-search").indexOf(q) < 0;
      });
      document.querySelectorAll("#files section").forEach(function (s) {
        s.hidden = s.querySelectorAll("li:not([hidden])").length === 0;
      });
    });
  }
  document.querySelectorAll("input.image[data-alt]").forEach(function (image) {
    var alt = document.querySelector(image.getAttribute("data-alt"));
    if (!alt) return;
    var sync = function () { alt.required = image.value.trim() !== ""; };
    image.addEventListener("input", sync);
    sync();
  });
  // the photo form: what the browser finds wrong in a field (a photo not chosen, no alt text)
  // is said under it, in the box its aria-describedby names, not only in a passing bubble
  document.querySelectorAll("form[data-problems]").forEach(function (checked) {
    function say(el) {
      var box = el.id && document.getElementById(el.id + "-problems");
      if (!box) return;
      box.textContent = "";
      if (el.validity.valid) { el.removeAttribute("aria-invalid"); return; }
      var missing = el.validity.valueMissing && el.getAttribute("data-missing");
      var ul = document.createElement("ul");
      var li = document.createElement("li");
      li.className = "error";
      li.textContent = "Error: " + (missing || el.validationMessage);
      ul.appendChild(li);
      box.appendChild(ul);
      el.setAttribute("aria-invalid", "true");
    }
    checked.addEventListener("invalid", function (e) { say(e.target); }, true);
    ["input", "change"].forEach(function (type) {
      checked.addEventListener(type, function (e) { if (e.target.hasAttribute("aria-invalid")) say(e.target); });
    });
  });
  var form = document.getElementById("edit");
  if (form) {
    var dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("reset", function () { dirty = false; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (e) {
      if (dirty) { e.preventDefault(); e.returnValue = ""; }
    });
    livePreview(form);
  }

  // The problems of each field: `server` from the preview (or the page as loaded), `local`
  // from the browser's own checks of typed inputs.
  function livePreview(form) {
    var address = form.getAttribute("action").replace(/save$/, "preview");
    var frame = document.querySelector("iframe.preview");
    var status = document.getElementById("preview-status");
    var errorsBox = document.getElementById("preview-errors");
    var none = document.getElementById("preview-none");
    var saved = { src: frame && frame.getAttribute("src"), boxes: {} };
    var boxes = form.querySelectorAll(".field-problems");
    boxes.forEach(function (b) { saved.boxes[b.id] = b.innerHTML; });
    var local = {};
    var timer = null, sent = 0;

    function keyOf(el) {
      var m = /^f\.([^.]+)/.exec(el.name || "");
      return m ? m[1] : null;
    }
    function boxOf(key) { return document.getElementById(key ? "f-" + key + "-problems" : "body-problems"); }
    function inputsOf(key) {
      if (!key) return form.querySelectorAll("#body, #raw");
      return form.querySelectorAll('[name="f.' + key + '"], [name^="f.' + key + '."]');
    }
    // names the box in aria-describedby and sets aria-invalid, as the list it holds says
    function mark(key) {
      var box = boxOf(key);
      if (!box) return;
      var filled = box.querySelector("li") !== null;
      var invalid = box.querySelector("li.error") !== null;
      inputsOf(key).forEach(function (el) {
        var ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (i) { return i && i !== box.id; });
        if (filled) ids.push(box.id);
        if (ids.length) el.setAttribute("aria-describedby", ids.join(" ")); else el.removeAttribute("aria-describedby");
        if (invalid) el.setAttribute("aria-invalid", "true"); else el.removeAttribute("aria-invalid");
      });
    }
    function item(ul, error, text) {
      var li = document.createElement("li");
      li.className = error ? "error" : "warning";
      li.textContent = text;
      ul.appendChild(li);
    }
    function fill(problems) {
      var byKey = {};
      problems.forEach(function (p) {
        var box = boxOf(p.key) ? p.key || "" : "";
        (byKey[box] = byKey[box] || []).push(p);
      });
      boxes.forEach(function (box) {
        var key = box.id === "body-problems" ? "" : box.id.slice(2, -"-problems".length);
        box.textContent = "";
        var ul = document.createElement("ul");
        if (local[key]) item(ul, true, "Error: " + local[key]);
        (byKey[key] || []).forEach(function (p) {
          var where = p.line ? ", line " + p.line : "";
          var when = p.saved ? " (in the saved file)" : "";
          item(ul, p.error, (p.error ? "Error" : "Warning") + where + when + ": " + p.message);
        });
        if (ul.firstChild) box.appendChild(ul);
        mark(key || null);
      });
    }
    var lastProblems = null;
    function checkLocally(el) {
      var key = keyOf(el);
      if (key === null || !el.willValidate) return;
      local[key] = el.validity.valid ? "" : el.validationMessage;
    }
    function show(answer) {
      lastProblems = answer.problems;
      fill(answer.problems);
      var errors = answer.problems.filter(function (p) { return p.error && !p.saved; });
      if (answer.url && frame) {
        var scroll = 0;
        try { scroll = frame.contentWindow.scrollY; } catch (e) { scroll = 0; }
        frame.addEventListener("load", function restore() {
          frame.removeEventListener("load", restore);
          try { frame.contentWindow.scrollTo(0, scroll); } catch (e) { /* another origin */ }
        });
        frame.hidden = false; none.hidden = true; errorsBox.hidden = true;
        frame.contentWindow.location.replace(answer.url);
        status.textContent = "Preview of your unsaved changes: not saved yet.";
      } else if (errors.length) {
        var list = errorsBox.querySelector("div");
        list.textContent = "";
        errors.forEach(function (p) {
          var pre = document.createElement("pre");
          pre.textContent = p.text;
          list.appendChild(pre);
        });
        if (frame) frame.hidden = true;
        none.hidden = true; errorsBox.hidden = false;
        status.textContent = errors.length + (errors.length === 1 ? " error" : " errors") + " in the unsaved text: the page cannot be shown until it is corrected.";
      } else if (answer.note) {
        if (frame) frame.hidden = true;
        errorsBox.hidden = true; none.hidden = false; none.textContent = answer.note;
        status.textContent = answer.note;
      }
    }
    function preview() {
      var n = ++sent;
      status.textContent = "Updating the preview…";
      fetch(address, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(String(r.status))); })
        .then(function (answer) { if (n === sent) show(answer); })
        .catch(function () { if (n === sent) status.textContent = "The preview could not be updated: save to see the page."; });
    }
    form.addEventListener("input", function (e) {
      checkLocally(e.target);
      if (lastProblems) fill(lastProblems); else refreshLocal(keyOf(e.target));
      clearTimeout(timer);
      timer = setTimeout(preview, 400);
    });
    form.addEventListener("focusout", function (e) {
      checkLocally(e.target);
      if (lastProblems) fill(lastProblems); else refreshLocal(keyOf(e.target));
    });
    // before the first preview: the problems of the page as loaded, with the browser's
    function refreshLocal(key) {
      if (key === null) return;
      var box = boxOf(key);
      if (!box) return;
      box.innerHTML = saved.boxes[box.id];
      var old = box.querySelector("li.local");
      if (old) old.remove();
      if (local[key]) {
        var ul = box.querySelector("ul") || box.appendChild(document.createElement("ul"));
        var li = document.createElement("li");
        li.className = "error local";
        li.textContent = "Error: " + local[key];
        ul.insertBefore(li, ul.firstChild);
      } else if (!box.querySelector("li")) {
        box.textContent = "";
      }
      mark(key);
    }
    form.addEventListener("reset", function () {
      clearTimeout(timer);
      sent++;
      local = {};
      lastProblems = null;
      boxes.forEach(function (b) { b.innerHTML = saved.boxes[b.id]; });
      setTimeout(function () {
        boxes.forEach(function (b) { mark(b.id === "body-problems" ? null : b.id.slice(2, -"-problems".length)); });
      }, 0);
      errorsBox.hidden = true;
      if (frame && saved.src) {
        frame.hidden = false; none.hidden = true;
        frame.contentWindow.location.replace(saved.src);
      } else {
        if (frame) frame.hidden = true;
        none.hidden = false;
      }
      status.textContent = "The page as saved.";
    });
  }
})();
