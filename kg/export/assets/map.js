// kg network map: builds the vis-network view of the JSON in #kg-data.
// Every text goes through textContent, never innerHTML, so names and
// sentences are shown as text whatever characters they hold.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var byId = {};

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function attrList(attrs) {
    var dl = el("dl");
    Object.keys(attrs).forEach(function (k) {
      dl.appendChild(el("dt", k));
      dl.appendChild(el("dd", attrs[k]));
    });
    return dl;
  }

  function evidenceList(edge, parent) {
    edge.evidence.forEach(function (ev) {
      var q = el("blockquote", ev.sentence);
      if (ev.file) q.appendChild(el("div", ev.file, "file"));
      parent.appendChild(q);
    });
  }

  function nodeTip(n) {
    var d = el("div", null, "kg-tip");
    d.appendChild(el("h4", n.label));
    d.appendChild(attrList(n.attrs));
    return d;
  }

  function edgeTip(e) {
    var d = el("div", null, "kg-tip");
    d.appendChild(el("h4", byId[e.from].label + " → " + e.relation + " → " + byId[e.to].label));
    d.appendChild(el("div", "weight " + e.weight));
    evidenceList(e, d);
    return d;
  }

  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return {id: n.id, label: n.label, color: n.color, size: n.size, title: nodeTip(n), x: n.x, y: n.y};
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var v = {id: e.id, from: e.from, to: e.to, color: {color: e.color, highlight: e.color},
             dashes: e.dashes, width: e.width, arrows: e.relation === "cooperates_with" ? "" : "to",
             title: edgeTip(e)};
    // parallel edges (two relations between one pair) curve apart
    if (e.parallel) v.smooth = {enabled: true, type: "curvedCW", roundness: 0.25 * e.parallel};
    return v;
  }));

  // Filters: kinds, relations, province, minimum weight.
  var shown = {kinds: {}, relations: {}, province: "", weight: 1};
  function checkboxes(containerId, values, state) {
    var box = document.getElementById(containerId);
    values.forEach(function (v) {
      var label = el("label"), input = el("input");
      input.type = "checkbox"; input.checked = true; state[v] = true;
      input.addEventListener("change", function () { state[v] = input.checked; refresh(); });
      label.appendChild(input); label.appendChild(document.createTextNode(" " + (data.labels[v] || v)));
      box.appendChild(label);
    });
  }
  checkboxes("kg-kinds", data.kinds, shown.kinds);
  checkboxes("kg-relations", data.relations, shown.relations);
  var province = document.getElementById("kg-province");
  data.provinces.forEach(function (p) { var o = el("option", p); o.value = p; province.appendChild(o); });
  // A province shows its nodes and the unlocated nodes (mechanisms, cases …) linked to them.
  var inProvince = {};
  province.addEventListener("change", function () {
    shown.province = province.value;
    inProvince = {};
    data.nodes.forEach(function (n) { if (n.province === shown.province) inProvince[n.id] = true; });
    data.edges.forEach(function (e) {
      if (inProvince[e.from] === true && !byId[e.to].province) inProvince[e.to] = "linked";
      if (inProvince[e.to] === true && !byId[e.from].province) inProvince[e.from] = "linked";
    });
    refresh();
  });
  var weight = document.getElementById("kg-weight");
  weight.max = String(data.max_weight);
  weight.addEventListener("input", function () {
    shown.weight = Number(weight.value);
    document.getElementById("kg-weight-value").textContent = weight.value;
    refresh();
  });

  function nodeShown(item) {
    var n = byId[item.id];
    return shown.kinds[n.kind] && (!shown.province || Boolean(inProvince[n.id]));
  }
  var nodeView = new vis.DataView(nodes, {filter: nodeShown});
  var edgeView = new vis.DataView(edges, {filter: function (item) {
    var e = data.edges[item.id];
    return shown.relations[e.relation] && e.weight >= shown.weight
      && nodeShown(byId[e.from]) && nodeShown(byId[e.to]);
  }});
  function refresh() { nodeView.refresh(); edgeView.refresh(); }

  // Legend.
  var legend = document.getElementById("kg-legend");
  data.legend.nodes.forEach(function (entry) {
    var li = el("li"), sw = el("span", null, "swatch");
    sw.style.background = entry[1];
    li.appendChild(sw); li.appendChild(el("span", entry[0]));
    legend.appendChild(li);
  });
  data.legend.edges.forEach(function (entry) {
    var li = el("li"), line = el("span", null, entry[2] ? "line dashed" : "line");
    line.style.borderTopColor = entry[1];
    li.appendChild(line); li.appendChild(el("span", entry[0]));
    legend.appendChild(li);
  });

  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, {
    nodes: {shape: "dot", font: {size: 12, face: "system-ui, Noto Sans CJK SC, sans-serif"},
            scaling: {label: {drawThreshold: 6}}},
    edges: {smooth: data.physics ? {type: "continuous"} : false, selectionWidth: 2},
    physics: data.physics ? {solver: "barnesHut", stabilization: {iterations: data.iterations, fit: true}} : false,
    interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: !data.physics},
    layout: {improvedLayout: false}  // positions come precomputed
  });
  network.on("stabilizationIterationsDone", function () { network.setOptions({physics: false}); });
  network.once("afterDrawing", function () { window.kgReady = true; });
  window.kg = {network: network, nodes: nodeView, edges: edgeView};

  // Details panel.
  var details = document.getElementById("kg-details");
  function showNode(id) {
    var n = byId[id];
    details.replaceChildren(el("h3", n.label), attrList(n.attrs));
    var ul = el("ul");
    data.edges.forEach(function (e) {
      if (e.from !== id && e.to !== id) return;
      var other = byId[e.from === id ? e.to : e.from];
      var li = el("li", (e.from === id ? "→ " : "← ") + e.relation + " " + other.label + " (" + e.weight + ")");
      evidenceList(e, li);
      ul.appendChild(li);
    });
    details.appendChild(ul);
  }
  function showEdge(id) { details.replaceChildren(edgeTip(data.edges[id])); }
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // Search: exact name, else exact alias, else the shortest name containing the query.
  var names = document.getElementById("kg-names");
  data.nodes.forEach(function (n) { var o = el("option"); o.value = n.label; names.appendChild(o); });
  document.getElementById("kg-search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = document.getElementById("kg-query").value.trim();
    if (!q) return;
    var hit = data.nodes.find(function (n) { return n.label === q; })
      || data.nodes.find(function (n) { return n.aliases.indexOf(q) >= 0; })
      || data.nodes.filter(function (n) { return n.label.indexOf(q) >= 0; })
        .sort(function (a, b) { return a.label.length - b.label.length; })[0];
    if (!hit) { details.replaceChildren(el("p", "No node named “" + q + "”.", "hint")); return; }
    network.selectNodes([hit.id]);
    network.focus(hit.id, {scale: 1.2, animation: false});
    showNode(hit.id);
  });
})();
