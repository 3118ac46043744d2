/* The dyad timeline: one row per agreement, status periods as bars, events as points.
 *
 * Data comes from the #dyad-data JSON block and reaches vis-timeline as DOM elements whose
 * text is set with textContent, so no label or quote is ever parsed as markup. Hovering (or
 * selecting) an item writes its words, quotes and sources into #hover.
 */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("dyad-data").textContent);
  const hover = document.getElementById("hover");
  const container = document.getElementById("timeline");

  function text(tag, value, className) {
    const node = document.createElement(tag);
    node.textContent = value;
    if (className) node.className = className;
    return node;
  }

  function safeHref(url) {
    if (typeof url !== "string") return null;
    if (url.startsWith("/") && !url.startsWith("//")) return url;
    return /^https?:\/\//.test(url) ? url : null;
  }

  const groups = [];
  const items = [];
  const details = {};
  data.agreements.forEach((ag, i) => {
    groups.push({ id: i, content: text("span", ag.label) });
    ag.spans.forEach((span, j) => {
      const id = "span-" + i + "-" + j;
      items.push({
        id: id, group: i, type: "range", start: span.start, end: span.end,
        content: text("span", span.words),
        className: "status-" + span.status + (span.observed_until ? " beyond" : ""),
      });
      details[id] = { title: ag.label, line: span.words + ": " + span.start + " – " +
        (span.open ? "today" : span.end), sources: [] };
    });
    ag.events.forEach((ev, k) => {
      if (!ev.start) return;
      const id = "event-" + i + "-" + k;
      items.push({
        id: id, group: i, type: "point", start: ev.start,
        content: text("span", ev.kind), className: "event",
      });
      details[id] = { title: ag.label, line: (ev.date || "") + " · " + ev.kind, sources: ev.sources };
    });
  });

  function show(id) {
    const d = details[id];
    if (!d) return;
    const parts = [text("h2", d.title), text("p", d.line, "meta")];
    d.sources.forEach((s) => {
      const block = document.createElement("div");
      block.className = "source";
      const href = safeHref(s.href);
      if (href) {
        const link = text("a", s.title);
        link.href = href;
        block.append(link);
      } else {
        block.append(s.title);
      }
      if (s.quote) block.append(text("blockquote", "“" + s.quote + "”"));
      parts.push(block);
    });
    hover.replaceChildren(...parts);
    document.body.dataset.hovered = id;
  }

  const first = data.agreements.flatMap((ag) => ag.spans.map((s) => s.start)).concat(
    data.agreements.flatMap((ag) => ag.events.map((e) => e.start)).filter(Boolean)).sort()[0];
  const start = first ? new Date(first) : new Date(data.today);
  start.setFullYear(start.getFullYear() - 1);
  const end = new Date(data.today);
  end.setFullYear(end.getFullYear() + 1);
  const timeline = new vis.Timeline(container, new vis.DataSet(items), new vis.DataSet(groups), {
    stack: true,
    start: start,
    end: end,
    orientation: "top",
    zoomKey: "ctrlKey",
    margin: { item: { horizontal: 2, vertical: 4 } },
    tooltip: { followMouse: false },
  });
  timeline.on("itemover", (props) => show(props.item));
  timeline.on("select", (props) => { if (props.items.length) show(props.items[0]); });
  timeline.on("changed", () => {
    // Ready once the bars are in the page (the first redraw only measures the container).
    if (container.querySelector(".vis-item") || !items.length) document.body.dataset.ready = "true";
  });
  window.pactgraphTimeline = { timeline: timeline, show: show };
})();
