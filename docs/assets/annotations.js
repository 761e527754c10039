/* Editorial annotations in the reader's browser.
 *
 * The plugin writes, for each annotation, <mark class="annotation-mark"> around the
 * annotated words, an empty <button class="annotation-marker"> after them, and an item
 * <li id="annotation-ID"> in the list at the end of the page. This script:
 *
 *  - opens that item's text in a popover next to the marker (click or Enter/Space on the
 *    marker, or a click on the highlighted words); Escape, the close button, a click
 *    elsewhere or Tab past its end close it, and focus goes back to the marker;
 *  - adds a "Highlights" switch at the top of an annotated page that turns highlights and
 *    markers off and on, remembered in localStorage.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "edition.annotations.highlights";
  var root = document.documentElement;
  var popover = null;
  var opener = null; // the marker button whose annotation is open

  function storedChoice() {
    try { return window.localStorage.getItem(STORAGE_KEY); } catch (e) { return null; }
  }
  function storeChoice(value) {
    try { window.localStorage.setItem(STORAGE_KEY, value); } catch (e) { /* private mode */ }
  }
  function highlightsOn() {
    return !root.classList.contains("annotations-off");
  }

  // Applied at once, before the page is drawn if the script runs early enough.
  root.classList.toggle("annotations-off", storedChoice() === "off");

  function byId(id) {
    return document.getElementById(id);
  }
  function markerFor(id) {
    return document.querySelector('.annotation-marker[data-annotation="' + CSS.escape(id) + '"]');
  }

  // ------------------------------------------------------------------ the popover

  function createPopover() {
    var element = document.createElement("div");
    element.id = "annotation-popover";
    element.className = "annotation-popover md-typeset";
    element.setAttribute("role", "dialog");
    element.setAttribute("aria-modal", "false");
    element.setAttribute("aria-labelledby", "annotation-popover-title");
    element.tabIndex = -1;
    element.hidden = true;
    element.innerHTML =
      '<div class="annotation-popover__head">' +
      '<p class="annotation-popover__title" id="annotation-popover-title"></p>' +
      '<button type="button" class="annotation-popover__close" aria-label="Close annotation">\u00d7</button>' +
      "</div>" +
      '<div class="annotation-popover__content"></div>';
    element.querySelector(".annotation-popover__close").addEventListener("click", function () {
      close(true);
    });
    element.addEventListener("keydown", onPopoverKeydown);
    document.body.appendChild(element);
    return element;
  }

  function fill(button) {
    var id = button.getAttribute("data-annotation");
    var item = byId("annotation-" + id);
    var type = item ? item.querySelector(".annotation-type") : null;
    var title = "Annotation " + button.getAttribute("data-number") + (type ? " \u00b7 " + type.textContent : "");
    popover.querySelector(".annotation-popover__title").textContent = title;
    popover.className = "annotation-popover md-typeset " + typeClass(button);
    var content = popover.querySelector(".annotation-popover__content");
    content.textContent = "";
    if (!item) return;
    var quote = item.querySelector(".annotation-quote");
    if (quote) {
      var p = document.createElement("p");
      p.className = "annotation-popover__quote";
      p.textContent = quote.textContent;
      content.appendChild(p);
    }
    ["annotation-body", "annotation-sources", "annotation-byline"].forEach(function (cls) {
      var part = item.querySelector("." + cls);
      if (part) content.appendChild(withoutIds(part.cloneNode(true)));
    });
    var more = document.createElement("p");
    more.className = "annotation-popover__more";
    var link = document.createElement("a");
    link.href = "#annotation-" + id;
    link.textContent = "In the list of this page\u2019s annotations";
    link.addEventListener("click", function () { close(false); });
    more.appendChild(link);
    content.appendChild(more);
  }

  function typeClass(button) {
    var found = Array.prototype.filter.call(button.classList, function (c) {
      return c.indexOf("annotation--") === 0;
    });
    return found.join(" ");
  }

  function withoutIds(node) {
    node.removeAttribute("id");
    Array.prototype.forEach.call(node.querySelectorAll("[id]"), function (el) { el.removeAttribute("id"); });
    return node;
  }

  // The popover stays over the page's text column (never over the navigation beside it), unless
  // the column is narrower than the popover, as on a phone, where it uses the whole width.
  function bounds() {
    var viewport = document.documentElement.clientWidth;
    var column = document.querySelector(".md-content__inner");
    var box = column ? column.getBoundingClientRect() : null;
    if (!box || box.width < popover.offsetWidth + 16) return { left: 8, right: viewport - 8 };
    return { left: Math.max(8, box.left), right: Math.min(viewport - 8, box.right) };
  }

  function place(button) {
    var rect = button.getBoundingClientRect();
    var width = popover.offsetWidth;
    var height = popover.offsetHeight;
    var area = bounds();
    var left = Math.min(Math.max(area.left, rect.left + rect.width / 2 - width / 2), area.right - width);
    var below = window.innerHeight - rect.bottom;
    var top = below >= height + 12 || rect.top < height + 12
      ? rect.bottom + 8
      : rect.top - height - 8;
    popover.style.left = Math.max(8, left) + window.scrollX + "px";
    popover.style.top = top + window.scrollY + "px";
  }

  function setActive(id, active) {
    Array.prototype.forEach.call(
      document.querySelectorAll('mark.annotation-mark[data-annotation="' + CSS.escape(id) + '"]'),
      function (mark) { mark.classList.toggle("annotation-mark--active", active); }
    );
  }

  function open(button) {
    if (!highlightsOn()) return;
    if (opener === button) { close(true); return; }
    if (opener) close(false);
    popover = popover || createPopover();
    fill(button);
    popover.hidden = false;
    place(button);
    opener = button;
    button.setAttribute("aria-expanded", "true");
    button.setAttribute("aria-controls", popover.id);
    setActive(button.getAttribute("data-annotation"), true);
    popover.focus({ preventScroll: true });
  }

  function close(returnFocus) {
    if (!opener || !popover) return;
    var button = opener;
    opener = null;
    popover.hidden = true;
    button.setAttribute("aria-expanded", "false");
    setActive(button.getAttribute("data-annotation"), false);
    if (returnFocus) button.focus({ preventScroll: true });
  }

  function focusables() {
    return Array.prototype.filter.call(
      popover.querySelectorAll("a[href], button"),
      function (el) { return el.offsetParent !== null; }
    );
  }

  function onPopoverKeydown(event) {
    if (event.key !== "Tab") return;
    // Tab past the last link (or Shift+Tab before the first) goes back to the marker.
    var items = focusables();
    var first = items[0];
    var last = items[items.length - 1];
    var active = document.activeElement;
    if ((!event.shiftKey && active === last) || (event.shiftKey && (active === first || active === popover))) {
      event.preventDefault();
      close(true);
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var marker = target.closest(".annotation-marker");
    if (marker) {
      event.preventDefault();
      open(marker);
      return;
    }
    var mark = target.closest("mark.annotation-mark");
    if (mark && highlightsOn()) {
      var selection = window.getSelection();
      if (selection && !selection.isCollapsed) return; // the reader is selecting text
      var button = markerFor(mark.getAttribute("data-annotation"));
      if (button) {
        open(button);
        return;
      }
    }
    if (opener && popover && !popover.contains(target)) close(false);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && opener) {
      event.preventDefault();
      close(true);
    }
  });

  window.addEventListener("resize", function () {
    if (opener) place(opener);
  });

  // ------------------------------------------------------------------ the switch

  function addToggle() {
    var count = document.querySelectorAll(".annotation-marker").length;
    var article = document.querySelector("article.md-content__inner");
    if (!count || !article || article.querySelector(".annotations-toggle")) return;
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "annotations-toggle";
    toggle.textContent = "Highlights";
    toggle.title = "Show or hide the highlights and markers of the " + count +
      " editorial annotation" + (count === 1 ? "" : "s") + " on this page";
    toggle.setAttribute("aria-pressed", String(highlightsOn()));
    toggle.addEventListener("click", function () {
      var on = !highlightsOn();
      if (!on) close(false);
      root.classList.toggle("annotations-off", !on);
      storeChoice(on ? "on" : "off");
      toggle.setAttribute("aria-pressed", String(on));
    });
    article.insertBefore(toggle, article.firstChild);
  }

  function init() {
    root.classList.add("annotations-ready");
    opener = null;
    if (popover) popover.hidden = true;
    addToggle();
  }

  // Material's instant navigation, if it is ever enabled, announces each new page on document$.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
