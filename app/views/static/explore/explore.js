/* /explore: keeps the URL, the controls and the network iframe in step; fills the side panel.
 *
 * The URL is the view (focus, types, as_of, hops, status, expand), so a link reopens it.
 * Every piece of data reaches the page through textContent or DOM properties, never as
 * markup; links are only followed when they are http(s) or local paths.
 */
(function () {
  "use strict";
  const API = "/api/v1/views/";
  const body = document.body;
  const FIRST_YEAR = Number(body.dataset.firstYear);
  const THIS_YEAR = Number(body.dataset.thisYear);
  const DEFAULT_TYPES = body.dataset.defaultTypes.split(",");
  const frame = document.getElementById("network-frame");
  const panel = document.getElementById("panel");
  const input = document.getElementById("focus");
  const list = document.getElementById("suggestions");
  const year = document.getElementById("year");
  const yearValue = document.getElementById("year-value");
  const hops = document.getElementById("hops");
  const withProposed = document.getElementById("with-proposed");
  const withEnded = document.getElementById("with-ended");
  const physics = document.getElementById("physics");
  const colourBy = document.getElementById("colour-by");
  const sizeBy = document.getElementById("size-by");
  const PROPOSED = ["proposed", "negotiating", "signed"];
  const ENDED = ["ended", "suspended", "rejected"];

  const view = readUrl();

  function readUrl() {
    const p = new URLSearchParams(window.location.search);
    const split = (v) => (v || "").split(",").filter(Boolean);
    return {
      focus: p.get("focus") || "",
      types: p.get("types") ? split(p.get("types")) : DEFAULT_TYPES.slice(),
      as_of: p.get("as_of") || "",
      hops: p.get("hops") || "1",
      status: p.get("status") ? split(p.get("status")) : ["in_force"],
      expand: split(p.get("expand")),
      colour_by: p.get("colour_by") || "region",
      size_by: p.get("size_by") || "partners",
    };
  }

  function params(overrides) {
    const v = Object.assign({}, view, overrides || {});
    const p = new URLSearchParams();
    if (v.focus) p.set("focus", v.focus);
    p.set("types", v.types.join(","));
    if (v.as_of) p.set("as_of", v.as_of);
    if (v.focus) p.set("hops", v.hops);
    p.set("status", v.status.join(","));
    if (v.expand.length) p.set("expand", v.expand.join(","));
    if (v.colour_by !== "region") p.set("colour_by", v.colour_by);
    if (v.size_by !== "partners") p.set("size_by", v.size_by);
    return p;
  }

  function syncControls() {
    document.querySelectorAll("input[name=types]").forEach((box) => {
      box.checked = view.types.includes(box.value);
    });
    const y = view.as_of ? Number(view.as_of.slice(0, 4)) : THIS_YEAR;
    year.value = String(y);
    yearValue.textContent = view.as_of ? view.as_of : "today";
    hops.value = view.hops;
    withProposed.checked = PROPOSED.some((s) => view.status.includes(s));
    withEnded.checked = ENDED.some((s) => view.status.includes(s));
    if (view.focus && !input.value) input.value = view.focus;
    colourBy.value = view.colour_by;
    sizeBy.value = view.size_by;
  }

  function apply(redraw) {
    const query = params().toString();
    window.history.replaceState(null, "", "/explore?" + query);
    document.getElementById("export-graphml").href = API + "network.graphml?" + query;
    document.getElementById("export-json").href = API + "network.json?" + query;
    if (redraw) {
      delete body.dataset.networkReady;
      frame.src = API + "network?" + query;
    }
    showTop();
  }

  // ---- top states for the chosen measure (the same analytics as /api/v1/analytics) ----
  async function showTop() {
    const section = document.getElementById("top-states");
    const measure = view.size_by === "partners" ? "" : view.size_by;
    section.hidden = !measure;
    if (!measure) return;
    const p = new URLSearchParams({ measure: measure, limit: "10" });
    view.types.forEach((t) => p.append("type", t));
    if (view.as_of) p.set("as_of", view.as_of);
    // Several statuses in the view: rank on every agreement whatever its status.
    p.set("status", view.status.length === 1 ? view.status[0] : "any");
    try {
      const data = await getJson("/api/v1/analytics/overlay?" + p.toString());
      document.getElementById("top-measure").textContent = "by " + measure;
      document.getElementById("top-list").replaceChildren(...data.top.map((s) =>
        el("li", { "data-code": s.code }, [s.label + " " + s.score.toFixed(3)])));
    } catch (error) {
      showError(error);
    }
  }

  // ---- DOM helpers: text only ----
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === "class") node.className = v;
      else if (k === "href") {
        const safe = safeHref(v);
        if (safe) node.href = safe;
      } else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    });
    (children || []).forEach((c) => {
      if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
    });
    return node;
  }

  function safeHref(url) {
    if (typeof url !== "string") return null;
    if (url.startsWith("/") && !url.startsWith("//")) return url;
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function codeOf(iri) {
    return iri.replace(/\/$/, "").split("/").pop();
  }

  async function getJson(path) {
    const response = await fetch(path);
    const data = await response.json();
    if (!response.ok) throw new Error(data.detail || response.statusText);
    return data;
  }

  function showError(error) {
    panel.replaceChildren(el("p", { class: "error" }, [String(error.message || error)]));
  }

  // ---- side panel ----
  function relationTag(name, label) {
    // The colour the legend of the controls gives this relation (one table, server-side).
    const line = document.querySelector('input[name=types][value="' + name + '"] + svg line');
    const colour = line ? line.getAttribute("stroke") : "#555";
    const tag = el("span", { class: "relation-tag" }, [label]);
    tag.style.background = colour;
    return tag;
  }

  function sourceItem(source) {
    const title = source.title || source.publisher || source.iri;
    const parts = [el("a", { href: source.page || source.url || source.iri }, [title])];
    if (source.publisher && source.title) parts.push(", " + source.publisher);
    if (source.published) parts.push(" (" + source.published + ")");
    if (source.page && safeHref(source.url)) {
      parts.push(" · ", el("a", { href: source.url, rel: "noopener" }, ["original"]));
    }
    if (source.quote) parts.push(el("blockquote", { class: "quote" }, ["“" + source.quote + "”"]));
    return el("li", { class: "source" }, parts);
  }

  function timeline(agreement) {
    const bar = el("div", { class: "timeline", title: "1950 to today" });
    if (agreement.start_year) {
      const span = THIS_YEAR - FIRST_YEAR || 1;
      const start = Math.max(agreement.start_year, FIRST_YEAR);
      const end = Math.min(agreement.end_year || THIS_YEAR, THIS_YEAR);
      const piece = el("span");
      piece.style.left = ((start - FIRST_YEAR) / span) * 100 + "%";
      piece.style.width = Math.max(((end - start) / span) * 100, 1) + "%";
      if (agreement.status !== "in_force") piece.style.background = "#999";
      bar.append(piece);
    }
    return bar;
  }

  function agreementItem(a) {
    const dates = [];
    if (a.signed) dates.push("signed " + a.signed);
    if (a.in_force_from) dates.push("in force " + a.in_force_from);
    if (a.in_force_until) dates.push("until " + a.in_force_until);
    return el("div", { class: "agreement" }, [
      el("a", { href: a.page || a.iri }, [a.label]),
      el("div", { class: "meta" }, [
        [a.types.join(", "), (a.status || "").replace("_", " "), dates.join(", ")]
          .filter(Boolean).join(" · "),
      ]),
      el("div", { class: "meta" }, ["Parties: " + a.party_labels.join(", ")]),
      timeline(a),
      a.sources.length
        ? el("ul", { class: "sources" }, a.sources.map(sourceItem))
        : el("p", { class: "meta" }, ["No source recorded."]),
    ]);
  }

  function agreementList(items) {
    if (!items.length) return [el("p", { class: "hint" }, ["No agreements in this view."])];
    return [el("div", { class: "axis" }, [el("span", {}, [FIRST_YEAR]), el("span", {}, [THIS_YEAR])]),
      ...items.map(agreementItem)];
  }

  async function showNode(iri) {
    try {
      const d = await getJson(API + "node?" + params({ expand: [] }).toString() + "&iri=" + encodeURIComponent(iri));
      const groups = {};
      d.partners.forEach((p) => (groups[p.relation] = groups[p.relation] || []).push(p));
      const partnerBlocks = Object.entries(groups).map(([rel, partners]) =>
        el("div", { class: "partners" }, [
          relationTag(rel, partners[0].relation_label),
          el("ul", {}, partners.map((p) =>
            el("li", {}, [el("button", { type: "button", class: "link", onclick: () => showNode(p.iri) }, [p.label]),
              " (" + p.agreements.length + ")"]))),
        ]));
      panel.replaceChildren(
        el("h2", { "data-iri": d.iri }, [d.label + " (" + d.code + ")"]),
        el("p", { class: "meta" }, [d.region, " · ",
          el("a", { href: d.page || d.iri }, ["entity page"]), " · ",
          el("button", { type: "button", class: "link", onclick: () => focusOn(d.code, d.label) }, ["focus here"])]),
        el("h3", {}, ["Partners (" + d.partners.length + ")"]),
        ...(partnerBlocks.length ? partnerBlocks : [el("p", { class: "hint" }, ["None in this view."])]),
        el("h3", {}, ["Agreements"]),
        ...agreementList(d.agreements));
    } catch (error) {
      showError(error);
    }
  }

  async function showEdge(edge) {
    try {
      const query = params({ types: [edge.relation], expand: [] });
      query.set("a", edge.from);
      query.set("b", edge.to);
      const d = await getJson(API + "edge?" + query.toString());
      panel.replaceChildren(
        el("h2", {}, [d.a.label + " — " + d.b.label]),
        ...d.relations.flatMap((r) => [el("h3", {}, [relationTag(r.relation, r.relation_label)]),
          ...agreementList(r.agreements)]));
    } catch (error) {
      showError(error);
    }
  }

  async function expand(iri) {
    const code = codeOf(iri);
    try {
      const data = await getJson(API + "network.json?" + params({ focus: code, hops: "1", expand: [] }).toString());
      frame.contentWindow.pactgraph.merge(data, iri);
      if (!view.expand.includes(code) && code !== view.focus) view.expand.push(code);
      apply(false);
    } catch (error) {
      showError(error);
    }
  }

  function focusOn(code, label) {
    view.focus = code;
    view.expand = [];
    input.value = label || code;
    list.hidden = true;
    apply(true);
  }

  // ---- autocomplete ----
  let pending = null;
  let matches = [];
  async function suggest() {
    const q = input.value.trim();
    if (!q) { list.hidden = true; matches = []; return; }
    try {
      matches = await getJson(API + "autocomplete?q=" + encodeURIComponent(q));
    } catch (error) {
      matches = [];
    }
    list.replaceChildren(...matches.map((m, i) => el("li", {
      role: "option", "aria-selected": i === 0 ? "true" : "false", "data-code": m.id,
      onmousedown: (e) => { e.preventDefault(); focusOn(m.id, m.label); },
    }, [m.label + " (" + m.id + ")"])));
    list.hidden = matches.length === 0;
  }
  input.addEventListener("input", () => {
    clearTimeout(pending);
    pending = setTimeout(suggest, 120);
  });
  input.addEventListener("keydown", async (e) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    clearTimeout(pending);
    await suggest();
    if (matches.length) focusOn(matches[0].id, matches[0].label);
  });
  input.addEventListener("blur", () => setTimeout(() => (list.hidden = true), 150));
  document.getElementById("clear-focus").addEventListener("click", () => {
    view.focus = "";
    view.expand = [];
    input.value = "";
    apply(true);
  });

  // ---- controls ----
  // The controls act as they change; the form itself never submits (no inline handler: the
  // Content-Security-Policy allows no inline script).
  document.getElementById("controls").addEventListener("submit", (e) => e.preventDefault());
  document.querySelectorAll("input[name=types]").forEach((box) => box.addEventListener("change", () => {
    view.types = Array.from(document.querySelectorAll("input[name=types]:checked")).map((b) => b.value);
    apply(true);
  }));
  year.addEventListener("input", () => {
    yearValue.textContent = Number(year.value) >= THIS_YEAR ? "today" : year.value;
  });
  year.addEventListener("change", () => {
    view.as_of = Number(year.value) >= THIS_YEAR ? "" : year.value;
    apply(true);
  });
  hops.addEventListener("change", () => { view.hops = hops.value; apply(true); });
  function statusChanged() {
    view.status = ["in_force"].concat(withProposed.checked ? PROPOSED : [], withEnded.checked ? ENDED : []);
    apply(true);
  }
  withProposed.addEventListener("change", statusChanged);
  withEnded.addEventListener("change", statusChanged);
  colourBy.addEventListener("change", () => { view.colour_by = colourBy.value; apply(true); });
  sizeBy.addEventListener("change", () => { view.size_by = sizeBy.value; apply(true); });
  physics.addEventListener("change", () => frame.contentWindow.pactgraph.setPhysics(physics.checked));
  document.getElementById("export-png").addEventListener("click", () => {
    const link = el("a", { download: "pactgraph-view.png" });
    link.href = frame.contentWindow.pactgraph.png();
    document.body.append(link);
    link.click();
    link.remove();
  });

  // ---- messages from the network document ----
  window.addEventListener("message", (event) => {
    if (event.origin !== window.location.origin || event.source !== frame.contentWindow) return;
    const d = event.data || {};
    if (d.source !== "pactgraph") return;
    if (d.type === "node") showNode(d.id);
    else if (d.type === "edge") showEdge(d);
    else if (d.type === "expand") expand(d.id);
    else if (d.type === "ready") {
      // Show the focused state's name in the search box once the network knows it.
      const focused = frame.contentWindow.pactgraph.nodes.get({ filter: (n) => n.code === view.focus });
      if (focused.length && input.value === view.focus) input.value = focused[0].label;
      if (physics.checked) frame.contentWindow.pactgraph.setPhysics(true);
      body.dataset.networkReady = String(d.nodes);
    }
  });

  syncControls();
  apply(false);
})();
