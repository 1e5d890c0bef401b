/* Phone-friendly tables: below 600 px each row of a reader-facing table (class pb-table) is
   shown as a card; this copies each column's header into its cells' data-label, which the
   CSS prints as the card's labels. Local code, no dependencies; without it tables scroll. */
document.addEventListener("DOMContentLoaded", () => {
  for (const table of document.querySelectorAll("table.pb-table")) {
    const headers = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.children].forEach((cell, i) => { if (headers[i]) cell.dataset.label = headers[i]; });
    }
    table.classList.add("pb-cards-ready");
  }
});
