/* The query page: editor with highlighting, example library, run, results table, downloads.
 * Everything user-supplied or returned by the server reaches the page as text nodes. */
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("config").textContent);
  const editor = document.getElementById("query");
  const overlay = document.getElementById("highlight");
  const results = document.getElementById("results");
  const errorBox = document.getElementById("error");
  const status = document.getElementById("status");
  const downloads = document.getElementById("downloads");
  const described = document.getElementById("example-description");
  const prologue = Object.entries(config.prefixes)
    .map(([prefix, ns]) => `PREFIX ${prefix}: <${ns}>`)
    .join("\n") + "\n";

  function refresh() {
    // The trailing newline keeps the overlay as tall as the textarea's last line.
    overlay.innerHTML = SparqlHighlight.highlight(editor.value) + "\n";
    syncScroll();
    renderDownloads();
  }

  function syncScroll() {
    overlay.scrollTop = editor.scrollTop;
    overlay.scrollLeft = editor.scrollLeft;
  }

  function renderDownloads() {
    const form = SparqlHighlight.queryForm(editor.value);
    const graph = form === "CONSTRUCT" || form === "DESCRIBE";
    downloads.textContent = "Download: ";
    for (const format of graph ? config.graphFormats : config.resultFormats) {
      const link = document.createElement("a");
      const query = new URLSearchParams({ query: editor.value, format: format.name });
      link.href = `${config.endpoint}?${query}`;
      link.textContent = format.name;
      link.title = format.label;
      link.className = "download";
      link.dataset.format = format.name;
      downloads.append(link, " ");
    }
  }

  function showError(problem) {
    errorBox.hidden = false;
    const title = document.createElement("strong");
    title.textContent = `${problem.title || "Error"} (${problem.status || "?"})`;
    const detail = document.createElement("pre");
    detail.textContent = problem.detail || "";
    errorBox.replaceChildren(title, detail);
  }

  function shorten(value) {
    for (const [prefix, ns] of Object.entries(config.prefixes)) {
      if (value.startsWith(ns) && value.length > ns.length) {
        return `${prefix}:${value.slice(ns.length)}`;
      }
    }
    return value;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri" && /^https?:\/\//i.test(term.value)) {
      // Only web IRIs become links: a stored <javascript:...> IRI stays text (as on /id/ pages).
      const link = document.createElement("a");
      link.href = term.value;
      link.textContent = shorten(term.value);
      link.title = term.value;
      td.append(link);
    } else if (term.type === "uri") {
      td.textContent = term.value;
    } else {
      td.textContent = term.value + (term["xml:lang"] ? ` @${term["xml:lang"]}` : "");
      if (term.datatype) td.title = term.datatype;
    }
    return td;
  }

  function renderTable(data, truncated) {
    const table = document.createElement("table");
    table.id = "results-table";
    const head = table.createTHead().insertRow();
    for (const name of data.head.vars) {
      const th = document.createElement("th");
      th.textContent = `?${name}`;
      head.append(th);
    }
    const body = table.createTBody();
    for (const binding of data.results.bindings) {
      const row = body.insertRow();
      for (const name of data.head.vars) row.append(cell(binding[name]));
    }
    results.append(table);
    const rows = data.results.bindings.length;
    status.textContent = `${rows} ${rows === 1 ? "row" : "rows"}` +
      (truncated ? " (truncated at the server's result cap)" : "");
  }

  async function showResponse(response, started) {
    const type = response.headers.get("content-type") || "";
    const truncated = response.headers.get("Pactgraph-Truncated") !== null;
    if (!response.ok) {
      status.textContent = "";
      showError(await response.json());
    } else if (type.startsWith("application/sparql-results+json")) {
      const data = await response.json();
      if (typeof data.boolean === "boolean") {
        status.textContent = `answer: ${data.boolean}`;
      } else {
        renderTable(data, truncated);
      }
      status.textContent += ` · ${Math.round(performance.now() - started)} ms`;
    } else {
      const pre = document.createElement("pre");
      pre.id = "results-graph";
      pre.textContent = await response.text();
      results.append(pre);
      status.textContent = "graph" + (truncated ? " (truncated)" : "");
    }
  }

  async function run() {
    errorBox.hidden = true;
    results.textContent = "";
    status.textContent = "running…";
    const started = performance.now();
    try {
      const response = await fetch(config.endpoint, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Accept": "application/sparql-results+json, text/turtle;q=0.9",
        },
        body: new URLSearchParams({ query: editor.value }),
      });
      await showResponse(response, started);
    } catch (err) {
      status.textContent = "";
      showError({ title: "Network error", detail: String(err) });
    }
  }

  function load(name) {
    const example = config.examples.find((e) => e.name === name);
    if (!example) return;
    editor.value = `${prologue}\n${example.body}`;
    described.textContent = example.description;
    refresh();
  }

  for (const button of document.querySelectorAll("button.example")) {
    button.addEventListener("click", () => load(button.dataset.name));
  }
  editor.addEventListener("input", refresh);
  editor.addEventListener("scroll", syncScroll);
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });
  document.getElementById("run").addEventListener("click", run);
  editor.value = prologue +
    "\nSELECT ?state ?label WHERE {\n  ?state a pg:State ; skos:prefLabel ?label .\n} ORDER BY ?label LIMIT 20\n";
  refresh();
})();
