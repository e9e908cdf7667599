/* Small enhancements of the site's pages; every page works without them (no inline scripts: CSP). */
(function () {
  "use strict";

  // "Show password" on the sign-in page: typing a password on a phone is easier when it can be read.
  document.querySelectorAll("[data-toggles-password]").forEach(function (box) {
    var input = document.getElementById(box.getAttribute("data-toggles-password"));
    var wrapper = box.closest("[hidden]");
    if (!input) {
      return;
    }
    if (wrapper) {
      wrapper.hidden = false;
    }
    box.addEventListener("change", function () {
      input.type = box.checked ? "text" : "password";
    });
  });

  // Photos: too large or too many is said as soon as they are chosen, before minutes of uploading on a
  // phone (the server checks again: congress/uploads.py).
  function fill(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? values[key] : whole;
    });
  }
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    var feedback = document.createElement("div");
    feedback.className = "invalid-feedback d-block photo-feedback";
    feedback.setAttribute("role", "alert");
    feedback.hidden = true;
    input.insertAdjacentElement("afterend", feedback);
    var problems = [];
    input.addEventListener("change", function () {
      var maxBytes = Number(input.getAttribute("data-max-bytes"));
      var maxCount = Number(input.getAttribute("data-max-count") || 0);
      var files = Array.prototype.slice.call(input.files || []);
      problems = [];
      if (maxCount && files.length > maxCount) {
        problems.push(fill(input.getAttribute("data-too-many"), { max: maxCount, count: files.length }));
      }
      files.forEach(function (file) {
        if (file.size > maxBytes) {
          problems.push(fill(input.getAttribute("data-too-large"), {
            name: file.name, size: (file.size / 1048576).toFixed(1), max: Math.round(maxBytes / 1048576),
          }));
        }
      });
      feedback.textContent = problems.join(" ");
      feedback.hidden = problems.length === 0;
      input.classList.toggle("is-invalid", problems.length > 0);
    });
    if (input.form) {
      input.form.addEventListener("submit", function (event) {
        if (problems.length) {
          event.preventDefault();
          input.focus();
        }
      });
    }
  });
})();
