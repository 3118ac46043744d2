// The review queue: extract candidates from an article, edit, accept or reject them.
// Everything the server or the article says is inserted as text (textContent), never as HTML.
"use strict";

(function () {
  const config = JSON.parse(document.getElementById("config").textContent);
  const $ = (id) => document.getElementById(id);
  let current = null; // the last extraction: {text, published, candidates}

  function element(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function showError(message) {
    const box = $("error");
    box.textContent = message;
    box.hidden = !message;
  }

  async function problemText(response) {
    try {
      const problem = await response.json();
      const errors = (problem.errors || []).map((e) => e.message).filter(Boolean);
      return `${problem.title} (${response.status}): ${problem.detail}` +
        (errors.length ? "\n" + errors.join("\n") : "");
    } catch (_) {
      return `HTTP ${response.status}`;
    }
  }

  async function post(path, body, withToken) {
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    const token = $("token").value.trim();
    if (withToken && token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(path, { method: "POST", headers, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(await problemText(response));
    return response.json();
  }

  function renderText(text, candidates) {
    const box = $("text");
    box.replaceChildren();
    const spans = [...new Map(candidates.map((c) => [c.start, c])).values()]
      .sort((a, b) => a.start - b.start);
    let at = 0;
    for (const c of spans) {
      if (c.start < at) continue;
      box.append(document.createTextNode(text.slice(at, c.start)));
      box.append(element("mark", { "data-start": String(c.start) }, text.slice(c.start, c.end)));
      at = c.end;
    }
    box.append(document.createTextNode(text.slice(at)));
  }

  function select(name, options, value) {
    const node = element("select", { name });
    for (const option of options) {
      const item = element("option", { value: option }, option);
      if (option === value) item.selected = true;
      node.append(item);
    }
    if (!options.includes(value)) node.append(element("option", { value, selected: "" }, value));
    return node;
  }

  function field(label, control) {
    const wrap = element("label", {}, label + " ");
    wrap.append(control);
    return wrap;
  }

  function renderCandidate(c, index) {
    const item = element("li", { "data-index": String(index), "data-key": c.key });
    const fields = element("div", { class: "fields" });
    fields.append(
      field("Parties", element("input", { name: "parties", value: c.parties.join(", ") })),
      field("Agreement type", select("agreement_type", config.agreementTypes, c.agreement_type)),
      field("Event", select("event_type", config.eventTypes, c.event_type)),
      field("Date", element("input", { name: "date", value: c.date })),
    );
    item.append(fields);
    item.append(element("p", { class: "quote" }, c.quote));
    const meta = `confidence ${c.confidence}` +
      (c.matches ? ` · updates ${c.matches_label || c.matches}` : " · new agreement");
    item.append(element("p", { class: "meta" }, meta));
    const reason = element("input", { name: "reason", placeholder: "why reject (optional)" });
    const accept = element("button", { type: "button", class: "accept" }, "Accept");
    const reject = element("button", { type: "button", class: "reject" }, "Reject");
    const outcome = element("span", { class: "outcome", role: "status" });
    accept.addEventListener("click", () => onAccept(item, c, outcome));
    reject.addEventListener("click", () => onReject(item, c, reason, outcome));
    item.append(accept, reject, reason, outcome);
    item.addEventListener("mouseenter", () => highlight(c.start, true));
    item.addEventListener("mouseleave", () => highlight(c.start, false));
    return item;
  }

  function highlight(start, on) {
    const mark = $("text").querySelector(`mark[data-start="${start}"]`);
    if (mark) mark.classList.toggle("active", on);
  }

  function edited(item, c) {
    const value = (name) => item.querySelector(`[name="${name}"]`).value.trim();
    return {
      parties: value("parties").split(/[\s,]+/).filter(Boolean),
      agreement_type: value("agreement_type"),
      event_type: value("event_type"),
      date: value("date"),
      quote: c.quote,
      actors: c.actors,
      matches: c.matches,
    };
  }

  function article() {
    const headline = $("headline").value.trim() || (current.text.split("\n").find((l) => l.trim()) || "").trim().slice(0, 500);
    return {
      headline,
      publisher: $("publisher").value.trim() || null,
      published: $("published").value.trim() || null,
      url: $("url").value.trim() || null,
    };
  }

  async function onAccept(item, c, outcome) {
    showError("");
    try {
      const result = await post("/api/v1/extract/accept", { fact: edited(item, c), article: article() }, true);
      item.classList.add("accepted");
      outcome.textContent = `accepted: batch ${result.batch.id}`;
    } catch (error) {
      showError(error.message);
    }
  }

  async function onReject(item, c, reason, outcome) {
    showError("");
    const summary = `${c.event_type} ${c.parties.join("-")} ${c.agreement_type} ${c.date}`;
    try {
      await post("/api/v1/extract/reject", { key: c.key, summary, reason: reason.value }, true);
      item.classList.add("rejected");
      outcome.textContent = "rejected";
    } catch (error) {
      showError(error.message);
    }
  }

  async function onExtract(event) {
    event.preventDefault();
    showError("");
    $("status").textContent = "reading…";
    const body = { text: $("article").value, published: $("published").value.trim() || null };
    try {
      current = await post("/api/v1/extract", body, false);
    } catch (error) {
      $("status").textContent = "";
      showError(error.message);
      return;
    }
    renderText(current.text, current.candidates);
    $("candidates").replaceChildren(...current.candidates.map(renderCandidate));
    $("results").hidden = false;
    $("status").textContent = `${current.candidates.length} candidate(s)`;
  }

  $("article-form").addEventListener("submit", onExtract);
  $("file").addEventListener("change", async () => {
    const file = $("file").files[0];
    if (file) $("article").value = await file.text();
  });
})();
