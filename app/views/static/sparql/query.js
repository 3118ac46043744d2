/* The query page: editor with highlighting, example library, run, results table, downloads.
 * Everything user-supplied or returned by the server reaches the page as text nodes. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("config").textContent);
  var editor = document.getElementById("query");
  var overlay = document.getElementById("highlight");
  var results = document.getElementById("results");
  var errorBox = document.getElementById("error");
  var status = document.getElementById("status");
  var downloads = document.getElementById("downloads");
  var described = document.getElementById("example-description");
  var prologue = Object.keys(config.prefixes).map(function (p) {
    return "PREFIX " + p + ": <" + config.prefixes[p] + ">";
  }).join("\n") + "\n";

  function refresh() {
    // The trailing newline keeps the overlay as tall as the textarea's last line.
    overlay.innerHTML = SparqlHighlight.highlight(editor.value) + "\n";
    overlay.scrollTop = editor.scrollTop;
    overlay.scrollLeft = editor.scrollLeft;
    renderDownloads();
  }

  function renderDownloads() {
    var form = SparqlHighlight.queryForm(editor.value);
    var graph = form === "CONSTRUCT" || form === "DESCRIBE";
    var formats = graph ? config.graphFormats : config.resultFormats;
    downloads.textContent = "Download: ";
    formats.forEach(function (format) {
      var link = document.createElement("a");
      link.href = config.endpoint + "?query=" + encodeURIComponent(editor.value) +
        "&format=" + encodeURIComponent(format.name);
      link.textContent = format.name;
      link.title = format.label;
      link.className = "download";
      link.setAttribute("data-format", format.name);
      downloads.appendChild(link);
      downloads.appendChild(document.createTextNode(" "));
    });
  }

  function showError(problem) {
    errorBox.hidden = false;
    errorBox.textContent = "";
    var title = document.createElement("strong");
    title.textContent = (problem.title || "Error") + " (" + (problem.status || "?") + ")";
    var detail = document.createElement("pre");
    detail.textContent = problem.detail || "";
    errorBox.appendChild(title);
    errorBox.appendChild(detail);
  }

  function cell(term) {
    var td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri" && /^https?:\/\//i.test(term.value)) {
      // Only web IRIs become links: a stored <javascript:...> IRI stays text (as on /id/ pages).
      var link = document.createElement("a");
      link.href = term.value;
      link.textContent = shorten(term.value);
      link.title = term.value;
      td.appendChild(link);
    } else if (term.type === "uri") {
      td.textContent = term.value;
    } else {
      td.textContent = term.value + (term["xml:lang"] ? " @" + term["xml:lang"] : "");
      if (term.datatype) { td.title = term.datatype; }
    }
    return td;
  }

  function shorten(value) {
    for (var prefix in config.prefixes) {
      var ns = config.prefixes[prefix];
      if (value.indexOf(ns) === 0 && value.length > ns.length) {
        return prefix + ":" + value.slice(ns.length);
      }
    }
    return value;
  }

  function renderTable(data, truncated) {
    var table = document.createElement("table");
    table.id = "results-table";
    var head = table.createTHead().insertRow();
    data.head.vars.forEach(function (name) {
      var th = document.createElement("th");
      th.textContent = "?" + name;
      head.appendChild(th);
    });
    var body = table.createTBody();
    data.results.bindings.forEach(function (binding) {
      var row = body.insertRow();
      data.head.vars.forEach(function (name) { row.appendChild(cell(binding[name])); });
    });
    results.appendChild(table);
    var rows = data.results.bindings.length;
    status.textContent = rows + (rows === 1 ? " row" : " rows") +
      (truncated ? " (truncated at the server's result cap)" : "");
  }

  function run() {
    errorBox.hidden = true;
    results.textContent = "";
    status.textContent = "running…";
    var started = performance.now();
    fetch(config.endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9"
      },
      body: new URLSearchParams({ query: editor.value })
    }).then(function (response) {
      var type = response.headers.get("content-type") || "";
      var truncated = response.headers.get("Pactgraph-Truncated") !== null;
      if (!response.ok) {
        return response.json().then(function (problem) {
          status.textContent = "";
          showError(problem);
        });
      }
      if (type.indexOf("application/sparql-results+json") === 0) {
        return response.json().then(function (data) {
          if (typeof data.boolean === "boolean") {
            status.textContent = "answer: " + data.boolean;
          } else {
            renderTable(data, truncated);
          }
          status.textContent += " · " + Math.round(performance.now() - started) + " ms";
        });
      }
      return response.text().then(function (text) {
        var pre = document.createElement("pre");
        pre.id = "results-graph";
        pre.textContent = text;
        results.appendChild(pre);
        status.textContent = "graph" + (truncated ? " (truncated)" : "");
      });
    }).catch(function (err) {
      status.textContent = "";
      showError({ title: "Network error", detail: String(err) });
    });
  }

  function load(name) {
    var example = config.examples.filter(function (e) { return e.name === name; })[0];
    if (!example) { return; }
    editor.value = prologue + "\n" + example.body;
    described.textContent = example.description;
    refresh();
  }

  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () { load(button.getAttribute("data-name")); });
  });
  editor.addEventListener("input", refresh);
  editor.addEventListener("scroll", function () {
    overlay.scrollTop = editor.scrollTop;
    overlay.scrollLeft = editor.scrollLeft;
  });
  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });
  document.getElementById("run").addEventListener("click", run);
  editor.value = prologue + "\nSELECT ?state ?label WHERE {\n  ?state a pg:State ; skos:prefLabel ?label .\n} ORDER BY ?label LIMIT 20\n";
  refresh();
})();
