/* The network document: draws the graph, stops physics once settled, and reports clicks.
 *
 * Data comes from JSON script elements (never markup); labels are drawn on the canvas and
 * tooltips are plain strings that vis-network shows with innerText. Inside /explore (a
 * same-origin iframe) clicks are posted to the parent page; `window.pactgraph` lets the
 * parent merge expanded neighbours, toggle physics and export a PNG.
 */
(function () {
  "use strict";
  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const nodes = new vis.DataSet(read("pg-nodes"));
  const edges = new vis.DataSet(read("pg-edges"));
  const options = JSON.parse(read("pg-options"));
  const container = document.getElementById("network");
  const status = document.getElementById("status");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  const started = performance.now();

  function post(type, detail) {
    const message = Object.assign({ source: "pactgraph", type: type }, detail);
    if (window.parent !== window) {
      window.parent.postMessage(message, window.location.origin);
    }
    document.dispatchEvent(new CustomEvent("pactgraph:" + type, { detail: message }));
  }

  function showLegend() {
    const present = new Set(edges.get().map((e) => e.relation));
    document.querySelectorAll("#legend li[data-relation]").forEach((li) => {
      li.classList.toggle("absent", !present.has(li.dataset.relation));
    });
    const changes = new Set(edges.get().map((e) => e.change).filter(Boolean));
    document.querySelectorAll("#legend li[data-change]").forEach((li) => {
      li.classList.toggle("absent", !changes.has(li.dataset.change));
    });
    document.querySelectorAll("#legend .changes").forEach((part) => {
      part.classList.toggle("absent", changes.size === 0);
    });
    const regions = new Set(nodes.get().map((n) => n.region));
    document.querySelectorAll("#legend li[data-region]").forEach((li) => {
      li.classList.toggle("absent", !regions.has(li.dataset.region));
    });
  }

  function describe() {
    status.textContent = nodes.length + " states, " + edges.length + " relations";
  }

  function ready() {
    document.body.dataset.ready = "true";
    document.body.dataset.readyMs = String(Math.round(performance.now() - started));
    post("ready", { nodes: nodes.length, edges: edges.length });
  }

  if (options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      ready();
    });
  } else {
    network.once("afterDrawing", ready);
  }

  function standaloneInfo(id) {
    // Alone (not in /explore): say which state was clicked and link to its page.
    if (window.parent !== window) return;
    const node = nodes.get(id);
    const link = document.createElement("a");
    link.href = "/id/" + id.split("/id/").pop();
    link.target = "_top";
    link.textContent = node.label + " (" + node.code + ")";
    status.replaceChildren(link, " · " + node.degree + " partners in view");
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      standaloneInfo(params.nodes[0]);
      post("node", { id: params.nodes[0] });
    } else if (params.edges.length) {
      const edge = edges.get(params.edges[0]);
      post("edge", { id: edge.id, from: edge.from, to: edge.to, relation: edge.relation });
    }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) post("expand", { id: params.nodes[0] });
  });

  function merge(data, centre) {
    // New states appear in a ring around the state they were expanded from.
    const origin = centre && nodes.get(centre) ? network.getPosition(centre) : { x: 0, y: 0 };
    const fresh = data.nodes.filter((n) => !nodes.get(n.id));
    nodes.add(fresh.map(function (n, i) {
      const angle = (2 * Math.PI * i) / Math.max(fresh.length, 1);
      return Object.assign({}, n, {
        x: origin.x + 160 * Math.cos(angle), y: origin.y + 160 * Math.sin(angle),
      });
    }));
    edges.add(data.edges.filter((e) => !edges.get(e.id)));
    showLegend();
    describe();
  }

  // Play mode: swap in another date's data with every state kept where it was. A state that
  // leaves keeps its place for when it comes back; a new one starts at its server position
  // or next to a partner already drawn.
  const places = {};
  function replace(data) {
    nodes.forEach((n) => { places[n.id] = network.getPosition(n.id); });
    const wanted = new Set(data.nodes.map((n) => n.id));
    nodes.remove(nodes.getIds().filter((id) => !wanted.has(id)));
    edges.clear();
    const fresh = data.nodes.filter((n) => !nodes.get(n.id));
    nodes.update(data.nodes.filter((n) => nodes.get(n.id)).map((n) => {
      const kept = Object.assign({}, n, places[n.id]);
      return kept;
    }));
    nodes.add(fresh.map(function (n, i) {
      if (places[n.id]) return Object.assign({}, n, places[n.id]);
      if (n.x !== undefined) return n;
      const link = data.edges.find((e) => (e.from === n.id && places[e.to]) || (e.to === n.id && places[e.from]));
      const anchor = link ? places[link.from === n.id ? link.to : link.from] : { x: 0, y: 0 };
      const angle = (2 * Math.PI * i) / Math.max(fresh.length, 1);
      return Object.assign({}, n, { x: anchor.x + 120 * Math.cos(angle), y: anchor.y + 120 * Math.sin(angle) });
    }));
    edges.add(data.edges);
    showLegend();
    describe();
  }

  // Hover: a state's ties at full strength, every other tie faded.
  const FADED = 0.12;
  function opacityOf(edge) {
    return edge.color && typeof edge.color === "object" ? edge.color.opacity : 1;
  }
  function colourOf(edge) {
    return edge.color && typeof edge.color === "object" ? edge.color.color : edge.color;
  }
  let lit = null;
  network.on("hoverNode", function (params) {
    const mine = new Set(network.getConnectedEdges(params.node));
    lit = edges.get().map((e) => ({ id: e.id, color: { color: colourOf(e), opacity: opacityOf(e) } }));
    edges.update(edges.get().map((e) => ({
      id: e.id, color: { color: colourOf(e), opacity: mine.has(e.id) ? 1 : FADED },
    })));
  });
  network.on("blurNode", function () {
    if (lit) edges.update(lit);
    lit = null;
  });

  function setPhysics(on) {
    network.setOptions({ physics: { enabled: on } });
  }

  function png() {
    // vis draws on a transparent canvas: paint it over white so the export is readable.
    const source = container.querySelector("canvas");
    const out = document.createElement("canvas");
    out.width = source.width;
    out.height = source.height;
    const ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(source, 0, 0);
    return out.toDataURL("image/png");
  }

  showLegend();
  describe();
  window.pactgraph = {
    network: network, nodes: nodes, edges: edges, merge: merge, replace: replace,
    setPhysics: setPhysics, png: png,
  };
})();
