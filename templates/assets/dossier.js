// The search dialog (partials/dossier-search.html): Pagefind's UI, loaded from the site's own pagefind/
// folder the first time a reader opens it, so a reader who never searches downloads none of it.
(() => {
  const root = document.querySelector(".dossier-search");
  if (!root) return;
  const dialog = root.querySelector("dialog");
  const opener = root.querySelector(".dossier-search__open");
  const bundle = new URL(root.dataset.bundle, document.baseURI);
  let loading = null;

  const load = () => {
    loading ??= new Promise((resolve, reject) => {
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = new URL("pagefind-ui.css", bundle).href;
      document.head.append(css);
      const script = document.createElement("script");
      script.src = new URL("pagefind-ui.js", bundle).href;
      script.onload = resolve;
      script.onerror = reject;
      document.head.append(script);
    }).then(() => {
      // Each entry's address is its `url` meta, from the site root; the site may live in a folder of its host.
      const site = new URL("..", bundle).pathname;
      new PagefindUI({
        element: "#dossier-search-ui",
        bundlePath: bundle.href,
        processResult: (result) => ({ ...result, url: site + result.meta.url.replace(/^\//, "") }),
        showImages: false,
        showSubResults: false,
        // The time from a reader's last keystroke to the search: short, as results come from small chunks.
        debounceTimeoutMs: 100,
        resetStyles: false,
        translations: { placeholder: "Search names, spellings, phrases", search_label: "Search the dossier" },
      });
      // Pagefind's field has a placeholder for a label: name it by the dialog's visible heading.
      dialog.querySelector(".pagefind-ui__search-input").setAttribute("aria-labelledby", "dossier-search-title");
    });
    return loading;
  };

  const open = async () => {
    if (!dialog.open) dialog.showModal();
    await load();
    const input = dialog.querySelector(".pagefind-ui__search-input");
    if (input) input.focus();
  };

  opener.addEventListener("click", open);
  root.querySelector(".dossier-search__close").addEventListener("click", () => dialog.close());
  // A click on the backdrop (outside the dialog's box) closes it, as Esc does.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
  dialog.addEventListener("close", () => opener.focus());
  // "/" opens the search from anywhere but a text field; Material's own search shortcut is left unheard.
  window.addEventListener(
    "keydown",
    (event) => {
      const typing = event.target.closest?.("input, textarea, select, [contenteditable]");
      if ((event.key === "/" || event.key === "s") && !typing && !dialog.open && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        event.stopPropagation();
        open();
      }
    },
    true,
  );
})();
