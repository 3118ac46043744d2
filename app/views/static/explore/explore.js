/* /explore: keeps the URL, the controls and the network iframe in step; fills the side panel.
 *
 * The URL is the view (focus, types, as_of, hops, status, expand, treaty; before in compare
 * mode; from and path for a path question; preset for a question of the list), so a link
 * reopens it. The server resolved the preset's defaults into #page-data.
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
  const before = document.getElementById("before");
  const play = document.getElementById("play");
  const tableView = document.getElementById("table-view");
  const tableButton = document.getElementById("show-table");
  const PAGE = JSON.parse(document.getElementById("page-data").textContent);
  const PROPOSED = ["proposed", "negotiating", "signed"];
  const ENDED = ["ended", "suspended", "rejected"];

  const view = readUrl();

  function readUrl() {
    // The preset's defaults overridden by the URL, as the server resolved them.
    const p = new URLSearchParams(PAGE.params);
    const split = (v) => (v || "").split(",").filter(Boolean);
    return {
      preset: PAGE.preset,
      kind: PAGE.kind,
      from: p.get("from") || "",
      path: p.get("path") || "",
      before: p.get("before") || "",
      treaty: p.get("treaty") || "",
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
    if (v.kind === "path") {
      p.set("from", v.from);
      p.set("path", v.path);
      if (v.as_of) p.set("as_of", v.as_of);
      return p;
    }
    if (v.focus) p.set("focus", v.focus);
    if (v.treaty) p.set("treaty", v.treaty);
    p.set("types", v.types.join(","));
    if (v.as_of) p.set("as_of", v.as_of);
    if (v.focus) p.set("hops", v.hops);
    p.set("status", v.status.join(","));
    if (v.expand.length) p.set("expand", v.expand.join(","));
    if (v.colour_by !== "region") p.set("colour_by", v.colour_by);
    if (v.size_by !== "partners") p.set("size_by", v.size_by);
    if (v.kind === "compare" && v.before) p.set("before", v.before);
    return p;
  }

  function documentName() {
    return { path: "path", compare: "compare" }[view.kind] || "network";
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
    before.value = view.kind === "compare" ? view.before.slice(0, 4) : "";
  }

  function apply(redraw) {
    const query = params().toString();
    const shown = (view.preset ? "preset=" + encodeURIComponent(view.preset) + "&" : "") + query;
    window.history.replaceState(null, "", "/explore?" + shown);
    body.dataset.kind = view.kind;
    const plain = params({ kind: "network" }).toString();
    document.getElementById("export-graphml").href = API + "network.graphml?" + plain;
    document.getElementById("export-json").href = API + "network.json?" + plain;
    document.getElementById("export-csv").href = API + "network.csv?" + query;
    if (redraw) {
      delete body.dataset.networkReady;
      frame.src = API + documentName() + "?" + query;
    }
    showTop();
    window.dispatchEvent(new CustomEvent("pactgraph:view", { detail: { query: query } }));
  }

  // Leaving a question for a view of one's own: the preset no longer describes the page.
  function leavePreset() {
    view.preset = "";
    if (view.kind === "path") view.kind = "network";
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
    leavePreset();
    view.treaty = "";
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
    leavePreset();
    view.treaty = "";
    view.focus = "";
    view.expand = [];
    input.value = "";
    apply(true);
  });

  // ---- controls ----
  document.getElementById("controls").addEventListener("submit", (e) => e.preventDefault());
  document.querySelectorAll("input[name=types]").forEach((box) => box.addEventListener("change", () => {
    leavePreset();
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
  hops.addEventListener("change", () => { leavePreset(); view.hops = hops.value; apply(true); });
  before.addEventListener("change", () => {
    const y = Number(before.value);
    if (!before.value || !(y >= FIRST_YEAR && y <= THIS_YEAR)) return;
    leavePreset();
    view.kind = "compare";
    view.before = String(y);
    apply(true);
  });
  document.getElementById("clear-compare").addEventListener("click", () => {
    if (view.kind !== "compare") return;
    view.preset = "";
    view.kind = "network";
    view.before = "";
    before.value = "";
    apply(true);
  });
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

  // ---- play: the date steps year by year; states keep their places ----
  let playing = null;
  function stopPlay() {
    clearTimeout(playing);
    playing = null;
    play.setAttribute("aria-pressed", "false");
    play.textContent = "Play";
  }
  async function step() {
    const next = Number(year.value) + 1;
    if (next > THIS_YEAR || view.kind !== "network") { stopPlay(); return; }
    year.value = String(next);
    yearValue.textContent = next >= THIS_YEAR ? "today" : String(next);
    view.as_of = next >= THIS_YEAR ? "" : String(next);
    try {
      const data = await getJson(API + "network.json?" + params().toString());
      frame.contentWindow.pactgraph.replace(data);
      apply(false);
      body.dataset.playedYear = String(next);
    } catch (error) {
      showError(error);
      stopPlay();
      return;
    }
    if (playing !== null) playing = setTimeout(step, 1200);
  }
  play.addEventListener("click", () => {
    if (playing !== null) { stopPlay(); return; }
    if (Number(year.value) >= THIS_YEAR) year.value = String(FIRST_YEAR - 1);
    play.setAttribute("aria-pressed", "true");
    play.textContent = "Pause";
    playing = setTimeout(step, 0);
  });

  // ---- table view: the ties on screen, sortable, for screen readers and copying ----
  let sortKey = "a";
  let sortUp = true;
  function tableRows() {
    const net = frame.contentWindow.pactgraph;
    const label = (id) => (net.nodes.get(id) || { label: codeOf(id) }).label;
    return net.edges.get().map((e) => {
      const [a, b] = [label(e.from), label(e.to)].sort();
      const notes = [];
      if (e.change) notes.push(e.change);
      if (e.obligation_kinds) notes.push(e.obligation_kinds.join(", ") + " obligation");
      if (e.observed_until) notes.push("in force at last observation (dataset ends " + e.observed_until + ")");
      const tag = document.querySelector('input[name=types][value="' + e.relation + '"]');
      return { a: a, b: b, relation: tag ? tag.parentElement.textContent.trim() : e.relation,
        agreements: e.agreements.length, note: notes.join("; ") };
    });
  }
  function showTable() {
    if (tableView.hidden || !frame.contentWindow.pactgraph) return;
    const rows = tableRows().sort((x, y) => {
      const order = typeof x[sortKey] === "number" ? x[sortKey] - y[sortKey]
        : String(x[sortKey]).localeCompare(String(y[sortKey]));
      return sortUp ? order : -order;
    });
    document.getElementById("table-body").replaceChildren(...rows.map((r) =>
      el("tr", {}, [el("td", {}, [r.a]), el("td", {}, [r.b]), el("td", {}, [r.relation]),
        el("td", { class: "number" }, [r.agreements]), el("td", {}, [r.note])])));
    document.getElementById("table-caption").textContent = rows.length + " ties in this view";
    tableView.querySelectorAll("th").forEach((th) => {
      const key = th.querySelector("button").dataset.key;
      th.setAttribute("aria-sort", key === sortKey ? (sortUp ? "ascending" : "descending") : "none");
    });
  }
  tableView.querySelectorAll("th button").forEach((button) => button.addEventListener("click", () => {
    sortUp = sortKey === button.dataset.key ? !sortUp : true;
    sortKey = button.dataset.key;
    showTable();
  }));
  tableButton.addEventListener("click", () => {
    tableView.hidden = !tableView.hidden;
    tableButton.setAttribute("aria-pressed", String(!tableView.hidden));
    body.classList.toggle("with-table", !tableView.hidden);
    showTable();
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
      showTable();
    }
  });

  // What answers.js needs to fill the panel of a question (path tiers, compare changes).
  window.pactgraphExplore = {
    view: view, params: params, el: el, getJson: getJson, relationTag: relationTag,
    agreementList: agreementList, showError: showError, showNode: showNode,
  };

  syncControls();
  apply(false);
})();
