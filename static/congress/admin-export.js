// The export page's "select all" toggle, wired here instead of an inline onchange handler
// (the Content-Security-Policy forbids those). onSelectToggleChange comes from
// django-import-export's export_selectable_fields.js.
document.addEventListener("change", (event) => {
  if (event.target.matches(".select-toggle") && typeof onSelectToggleChange === "function") {
    onSelectToggleChange(event);
  }
});
