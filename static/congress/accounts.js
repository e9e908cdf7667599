// The sign-in slips' print button (no inline scripts under the Content-Security-Policy).
document.querySelectorAll("[data-print-page]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
