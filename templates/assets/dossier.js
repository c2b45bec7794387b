// Material's search panel is a dialog without a name; screen readers announce it as "Search".
document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach((dialog) => {
  dialog.setAttribute("aria-label", "Search");
});

// The commitments tracker: filter its rows by actor and by issue, on the page. The form is hidden
// in the page as built; without script it stays hidden and every row shows. `?actor=ID&issue=ID`
// in the address sets the filters, so another page can link to a filtered tracker.
document.querySelectorAll("form.dossier-filters").forEach((form) => {
  const actor = form.querySelector("select[data-filter=actors]");
  const issue = form.querySelector("select[data-filter=issue]");
  const count = form.querySelector("output");
  const rows = [...document.querySelectorAll("[data-actors][data-issue]")].map((mark) => [mark, mark.closest("tr")]);
  const tables = [...new Set(rows.map(([, row]) => row.closest("table")))];
  const apply = () => {
    let shown = 0;
    for (const [mark, row] of rows) {
      const match =
        (!actor.value || mark.dataset.actors.split(" ").includes(actor.value)) &&
        (!issue.value || mark.dataset.issue === issue.value);
      row.hidden = !match;
      shown += match;
    }
    // A group (its heading and table) with no row left goes too.
    for (const table of tables) {
      const empty = !table.querySelector("tbody tr:not([hidden])");
      const box = table.closest(".md-typeset__scrollwrap") || table;
      box.hidden = empty;
      const heading = box.previousElementSibling;
      if (heading && /^H[2-6]$/.test(heading.tagName)) heading.hidden = empty;
    }
    count.textContent = shown === rows.length ? `All ${rows.length} commitments shown.` : `${shown} of ${rows.length} commitments shown.`;
  };
  const wanted = new URLSearchParams(window.location.search);
  for (const [select, key] of [[actor, "actor"], [issue, "issue"]]) {
    if ([...select.options].some((option) => option.value === wanted.get(key))) select.value = wanted.get(key);
    select.addEventListener("change", apply);
  }
  // "Show all": the form's reset puts both selects back to their first option, then the table follows.
  form.addEventListener("reset", () => setTimeout(apply));
  form.addEventListener("submit", (event) => event.preventDefault());
  form.hidden = false;
  apply();
});
