// Material's search panel is a dialog without a name; screen readers announce it as "Search".
document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach((dialog) => {
  dialog.setAttribute("aria-label", "Search");
});
