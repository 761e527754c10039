/* The ⚑ marks in notes: disclosure buttons for what the citation checker found.
 *
 * The edition plugin (tools/edition/note_aids.py) writes, in a note with findings,
 * <button class="edition-finding-mark" aria-expanded="true" aria-controls="findings-N">
 * and the explanations in <span class="edition-finding-panel" id="findings-N">, open: without
 * this script a reader still sees them. The script closes them all, then a click, a tap,
 * Enter or Space on the mark opens or closes its explanation; Escape closes it and puts focus
 * back on the mark.
 */
(function () {
  "use strict";

  function panelOf(button) {
    return document.getElementById(button.getAttribute("aria-controls"));
  }

  function setOpen(button, open) {
    var panel = panelOf(button);
    button.setAttribute("aria-expanded", String(open));
    if (panel) panel.hidden = !open;
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".edition-finding-mark"), function (button) {
      setOpen(button, false);
    });
    document.documentElement.classList.add("edition-findings-ready");
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var button = target.closest(".edition-finding-mark");
    // Material copies a note into its tooltip; a copied mark is not the note's own and does nothing.
    if (!button || button.closest(".md-tooltip2")) return;
    event.preventDefault();
    setOpen(button, button.getAttribute("aria-expanded") !== "true");
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var active = document.activeElement;
    if (!(active instanceof Element)) return;
    var button = active.closest(".edition-finding-mark");
    if (!button) {
      var panel = active.closest(".edition-finding-panel");
      button = panel ? document.querySelector('.edition-finding-mark[aria-controls="' + CSS.escape(panel.id) + '"]') : null;
    }
    if (!button || button.getAttribute("aria-expanded") !== "true") return;
    event.preventDefault();
    setOpen(button, false);
    button.focus({ preventScroll: true });
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
