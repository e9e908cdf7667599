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
})();
