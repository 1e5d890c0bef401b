/* The data appendix's source list: type in the box to show only the sources whose row
   contains the text. Local code, no dependencies; without it the whole list shows. */
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("sources-filter");
  const table = document.getElementById("sources-list");
  if (!box || !table) return;
  const rows = [...table.querySelectorAll("tbody tr")];
  const count = document.getElementById("sources-count");
  const update = () => {
    const words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const row of rows) {
      const text = row.textContent.toLowerCase();
      const match = words.every((w) => text.includes(w));
      row.hidden = !match;
      shown += match;
    }
    if (count) count.textContent = `${shown} of ${rows.length} sources`;
  };
  box.addEventListener("input", update);
  update();
});
