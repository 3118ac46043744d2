/* The answer panel of a question: a path's tiers, or the changes of compare mode.
 *
 * Path questions read /api/v1/views/path.json: the answer as asked, how far an empty one got
 * (with the note saying which step came back empty) and the wider reading grouped by
 * obligation kind; every hop is named by its relation's exact words and its obligation.
 * Compare mode reads /api/v1/views/compare.json (the analytics diff of the ties drawn).
 * Text only: every value is set with textContent through explore.js's el().
 */
(function () {
  "use strict";
  const X = window.pactgraphExplore;
  const answer = document.getElementById("answer");
  const el = X.el;
  const TIER_TITLES = {
    answer: "The answer",
    reached: "How far it got",
    wider: "Wider reading: any formal alliance obligation",
  };

  function hopLine(hop) {
    const kinds = hop.obligation_kinds.length ? " · " + hop.obligation_kinds.join(", ") + " obligation" : "";
    const horizon = hop.observed_until
      ? " · in force at last observation (dataset ends " + hop.observed_until + ")" : "";
    return el("li", { class: "hop", "data-relation": hop.relation }, [
      hop.source_label + " → " + hop.target_label + " ",
      X.relationTag(hop.relation, hop.relation_label),
      el("span", { class: "obligation" }, [kinds + horizon]),
      el("div", { class: "meta" }, [hop.agreement_labels.join("; ")]),
    ]);
  }

  function tierBlock(tier) {
    const parts = [el("h3", {}, [TIER_TITLES[tier.name] || tier.name]),
      el("p", { class: "meta" }, [tier.title])];
    if (tier.note) parts.push(el("p", { class: "note" }, ["Empty: " + tier.note + "."]));
    tier.groups.forEach((group) => {
      if (group.obligation) parts.push(el("h4", {}, ["Strongest obligation: " + group.obligation]));
      if (!group.chains.length && !tier.note) parts.push(el("p", { class: "hint" }, ["No state."]));
      group.chains.forEach((chain) => parts.push(el("ol", { class: "chain" }, chain.map(hopLine))));
    });
    return el("section", { class: "tier", "data-tier": tier.name }, parts);
  }

  async function showPath() {
    const data = await X.getJson("/api/v1/views/path.json?" + X.params().toString());
    answer.replaceChildren(
      el("p", { class: "meta" }, ["As of " + data.as_of + " · path " + data.path]),
      ...data.tiers.map(tierBlock));
  }

  function labelOf(relation) {
    // The relation's exact words, as the controls' legend writes them.
    const box = document.querySelector('input[name=types][value="' + relation + '"]');
    return box ? box.parentElement.textContent.trim() : relation;
  }

  function changeItem(change) {
    const events = change.events.map((e) =>
      el("li", {}, [(e.date || "undated") + " · " + (e.type || "event").replace(/Event$/, "")]));
    return el("li", { class: "change" }, [
      change.source_label + " — " + change.target_label + " ",
      X.relationTag(change.relation, labelOf(change.relation)),
      el("div", { class: "meta" }, [change.agreements.map((a) => a.treaty || a.label || a.iri).join("; ")]),
      events.length ? el("ul", { class: "events" }, events) : null,
    ]);
  }

  async function showChanges() {
    const data = await X.getJson("/api/v1/views/compare.json?" + X.params().toString());
    const block = (title, kind, items) => el("section", { class: "changes", "data-change": kind }, [
      el("h3", {}, [title + " (" + items.length + ")"]),
      items.length ? el("ul", {}, items.map(changeItem)) : el("p", { class: "hint" }, ["None."]),
    ]);
    answer.replaceChildren(
      el("p", { class: "meta" }, [data.before + " → " + data.after]),
      block("Added", "added", data.added),
      block("Removed", "removed", data.removed));
  }

  async function refresh() {
    delete document.body.dataset.answerReady;
    try {
      if (X.view.kind === "path") await showPath();
      else if (X.view.kind === "compare") await showChanges();
      else answer.replaceChildren();
      document.body.dataset.answerReady = X.view.kind;
    } catch (error) {
      X.showError(error);
    }
  }

  window.addEventListener("pactgraph:view", refresh);
  refresh();
})();
