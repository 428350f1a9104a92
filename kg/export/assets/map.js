// kg network map: builds the vis-network view of the JSON in #kg-data.
// Every text goes through textContent, never innerHTML, so names and
// sentences are shown as text whatever characters they hold.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var FACE = "system-ui, Noto Sans CJK SC, Microsoft YaHei, sans-serif";
  var FADED = "#e4e4e4";
  var SMALL_MAP = 300;  // organisations up to which every label is kept readable
  var layerNames = Object.keys(data.layers);
  var allNodes = data.nodes.slice(), allEdges = data.edges.slice();
  layerNames.forEach(function (name) {
    data.layers[name].nodes.forEach(function (n) { n.layer = name; allNodes.push(n); });
    data.layers[name].edges.forEach(function (e) { e.layer = name; allEdges.push(e); });
  });
  var byId = {}, edgeById = {}, incident = {};
  allNodes.forEach(function (n) { byId[n.id] = n; incident[n.id] = []; });
  allEdges.forEach(function (e) {
    edgeById[e.id] = e;
    incident[e.from].push(e);
    incident[e.to].push(e);
  });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function other(e, id) { return byId[e.from === id ? e.to : e.from]; }
  function relLabel(r) { return data.labels[r] || r; }

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
      var src = [ev.title ? "《" + ev.title + "》" : "", ev.file || "", ev.date || ""].filter(Boolean).join(" · ");
      if (src) q.appendChild(el("div", src, "file"));
      parent.appendChild(q);
    });
  }

  function nodeTip(n) {
    var d = el("div", null, "kg-tip");
    d.appendChild(el("h4", n.label));
    if (n.kind === "org") d.appendChild(el("div", n.partners + " 个合作伙伴 partners"));
    d.appendChild(attrList(n.attrs));
    return d;
  }

  function edgeTip(e) {
    var d = el("div", null, "kg-tip");
    d.appendChild(el("h4", byId[e.from].label + " — " + relLabel(e.relation) + " — " + byId[e.to].label));
    d.appendChild(el("div", e.weight + " 篇报道 stories" + (e.first ? " · " + e.first + (e.last && e.last !== e.first ? "–" + e.last : "") : "")));
    evidenceList(e, d);
    return d;
  }

  function font(n) {
    return n.central ? {size: 18, face: FACE, strokeWidth: 4, strokeColor: "#ffffff", color: "#111111"}
                     : {size: 12, face: FACE, strokeWidth: 3, strokeColor: "#ffffff", color: "#333333"};
  }
  function look(n) {
    return {color: {background: n.color, border: n.kind === "org" ? "#ffffff" : n.color,
                    highlight: {background: n.color, border: "#000000"}}, font: font(n)};
  }
  var nodes = new vis.DataSet(allNodes.map(function (n) {
    var v = {id: n.id, label: n.label, shape: n.shape, title: nodeTip(n), x: n.x, y: n.y,
             value: n.kind === "org" ? n.partners + 1 : 1, borderWidth: n.kind === "org" ? 1.5 : 1};
    return Object.assign(v, look(n));
  }));
  var edges = new vis.DataSet(allEdges.map(function (e) {
    var width = e.relation === "cooperates_with" ? 1 + 1.6 * Math.log2(e.weight) : e.width;
    return {id: e.id, from: e.from, to: e.to, color: {color: e.color, highlight: "#000000", opacity: 0.75},
            dashes: e.dashes, width: width, arrows: e.relation === "cooperates_with" ? "" : "to",
            title: edgeTip(e)};
  }));

  // Filters: layers, agency types, levels, province, dates, minimum stories.
  var shown = {layers: {}, types: {}, levels: {}, province: "", from: "", to: "", weight: 1};
  var visibleNode = {}, visibleEdge = {};

  function checkbox(container, value, text, state, checked, swatch) {
    var label = el("label"), input = el("input");
    input.type = "checkbox"; input.checked = checked; state[value] = checked; input.value = value;
    input.addEventListener("change", function () { state[value] = input.checked; refresh(); });
    label.appendChild(input);
    if (swatch) { var sw = el("span", null, "swatch"); sw.style.background = swatch; label.appendChild(sw); }
    label.appendChild(document.createTextNode(" " + text));
    container.appendChild(label);
    return input;
  }
  var layerBoxes = {};
  layerNames.forEach(function (name) {
    var layer = data.layers[name];
    layerBoxes[name] = checkbox(document.getElementById("kg-layers"), name,
      layer.label + " (" + (layer.nodes.length || layer.edges.length) + ")", shown.layers, layer.on,
      layer.nodes.length ? layer.nodes[0].color : null);
  });
  if (!layerNames.length) document.getElementById("kg-layers-box").hidden = true;
  data.org_types.forEach(function (t) {
    checkbox(document.getElementById("kg-types"), t[0], t[1], shown.types, true, t[2]);
  });
  data.levels.forEach(function (lv) {
    checkbox(document.getElementById("kg-levels"), lv[0], lv[1], shown.levels, true);
  });
  var province = document.getElementById("kg-province");
  data.provinces.forEach(function (p) { var o = el("option", p); o.value = p; province.appendChild(o); });
  province.addEventListener("change", function () { shown.province = province.value; refresh(); });
  if (data.dates.length) {
    document.getElementById("kg-dates-box").hidden = false;
    ["from", "to"].forEach(function (k) {
      var input = document.getElementById("kg-" + k);
      input.min = data.dates[0]; input.max = data.dates[1];
      input.addEventListener("change", function () { shown[k] = input.value; refresh(); });
    });
  }
  var weight = document.getElementById("kg-weight");
  weight.max = String(data.max_weight);
  weight.addEventListener("input", function () {
    shown.weight = Number(weight.value);
    document.getElementById("kg-weight-value").textContent = weight.value;
    refresh();
  });
  if (data.hidden_note) {
    var note = document.getElementById("kg-hidden");
    note.textContent = data.hidden_note; note.hidden = false;
  }

  function orgPasses(n) {
    return shown.types[n.org_type] !== false && shown.levels[n.level] !== false
      && (!shown.province || n.province === shown.province);
  }
  function edgePasses(e) {
    if (e.weight < shown.weight || (e.layer && !shown.layers[e.layer])) return false;
    if (shown.from || shown.to) {
      var first = e.first || e.last, last = e.last || e.first;
      if (!first) return false;
      if (shown.from && last < shown.from) return false;
      if (shown.to && first > shown.to) return false;
    }
    return true;
  }
  // Organisations that pass the filters, then each layer in order: a layer
  // node shows when a passing edge links it to something already shown.
  // An organisation with no edge left shows only when the map keeps isolated ones.
  function compute() {
    var candidate = {}, edgeOk = {};
    data.nodes.forEach(function (n) { if (orgPasses(n)) candidate[n.id] = true; });
    allEdges.forEach(function (e) { edgeOk[e.id] = edgePasses(e); });
    layerNames.forEach(function (name) {
      if (!shown.layers[name]) return;
      data.layers[name].nodes.forEach(function (n) {
        candidate[n.id] = incident[n.id].some(function (e) { return edgeOk[e.id] && candidate[other(e, n.id).id] === true; });
      });
    });
    visibleEdge = {};
    allEdges.forEach(function (e) {
      if (edgeOk[e.id] && candidate[e.from] === true && candidate[e.to] === true) visibleEdge[e.id] = true;
    });
    visibleNode = {};
    allNodes.forEach(function (n) {
      if (candidate[n.id] !== true) return;
      visibleNode[n.id] = (data.isolated && !n.layer) || incident[n.id].some(function (e) { return visibleEdge[e.id]; });
    });
  }
  var nodeView = new vis.DataView(nodes, {filter: function (item) { return visibleNode[item.id] === true; }});
  var edgeView = new vis.DataView(edges, {filter: function (item) { return visibleEdge[item.id] === true; }});

  function counts() {
    var orgs = 0, others = 0, coop = 0, links = 0;
    allNodes.forEach(function (n) { if (visibleNode[n.id]) { if (n.layer) others++; else orgs++; } });
    allEdges.forEach(function (e) { if (visibleEdge[e.id]) { if (e.relation === "cooperates_with") coop++; else links++; } });
    var text = orgs + " 个机构 organisations · " + coop + " 条合作 cooperation links";
    if (others || links) text += " · " + others + " 个其他节点 other nodes · " + links + " 条其他关系 other links";
    document.getElementById("kg-counts").textContent = text;
    var empty = document.getElementById("kg-empty");
    empty.hidden = coop + links > 0;
    empty.textContent = "当前筛选条件下没有可显示的关系，请放宽筛选。 " + data.empty;
  }
  function refresh() {
    compute();
    placeLayerNodes();
    nodeView.refresh(); edgeView.refresh();
    counts();
  }

  // Relations legend.
  var legend = document.getElementById("kg-legend"), legendSeen = {};
  allEdges.forEach(function (e) {
    if (legendSeen[e.relation]) return;
    legendSeen[e.relation] = true;
    var li = el("li"), line = el("span", null, e.dashes ? "line dashed" : "line");
    line.style.borderTopColor = e.color;
    li.appendChild(line); li.appendChild(el("span", relLabel(e.relation)));
    legend.appendChild(li);
  });

  compute();
  nodeView.refresh(); edgeView.refresh();
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, {
    nodes: {borderWidth: 1, scaling: data.geo ? {min: 4, max: 14, label: {enabled: false}}
                                              : {min: 8, max: 42, label: {enabled: false}}, font: {face: FACE}},
    edges: {smooth: data.geo ? {type: "curvedCW", roundness: 0.2} : false, selectionWidth: 2, hoverWidth: 1},
    physics: data.physics ? {solver: "barnesHut", barnesHut: {gravitationalConstant: -6000, springLength: 140,
                                                               avoidOverlap: 0.4},
                             stabilization: {iterations: data.iterations, fit: true}} : false,
    interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: !data.physics, multiselect: false},
    layout: {improvedLayout: false}  // positions come precomputed
  });
  counts();
  // Labels of the most central organisations (of all, on a small map) stay
  // readable whatever the zoom.
  // On a geo map the base map is busy: other labels show once zoomed in.
  var central = data.nodes.length <= SMALL_MAP || data.geo ? allNodes : data.nodes.filter(function (n) { return n.central; });
  var HIDDEN = {color: "rgba(0,0,0,0)", strokeWidth: 0};
  function readableLabels() {
    var scale = network.getScale(), big = data.geo ? 13 : 16;
    update(central.filter(function (n) { return visibleNode[n.id]; }).map(function (n) {
      if (data.geo && !n.central && scale < 1.5) return {id: n.id, font: Object.assign(font(n), HIDDEN)};
      var size = n.central ? Math.max(big, Math.min(big / scale, 60)) : Math.max(12, Math.min(11 / scale, 30));
      return {id: n.id, font: Object.assign(font(n), {size: size}, faded && !kept[n.id] ? {color: "#bbbbbb"} : {})};
    }));
  }
  network.on("zoom", readableLabels);
  network.on("stabilizationIterationsDone", function () { network.setOptions({physics: false}); network.fit(); });
  network.once("afterDrawing", function () {
    if (!data.physics) network.fit({animation: false});
    readableLabels();
    window.kgReady = true;
  });

  // Node updates carry the node's current position: vis would otherwise
  // move it back to where the data first put it.
  function update(items) {
    var pos = network.getPositions(items.map(function (item) { return item.id; }));
    items.forEach(function (item) {
      if (pos[item.id] && item.x === undefined) { item.x = pos[item.id].x; item.y = pos[item.id].y; }
    });
    nodes.update(items);
  }

  // Layer nodes first shown sit around their neighbours where these are now.
  var placed = {};
  function placeLayerNodes() {
    if (!window.kg) return;
    layerNames.forEach(function (name) {
      if (!shown.layers[name] || placed[name]) return;
      placed[name] = true;
      var pos = network.getPositions(), updates = [];
      data.layers[name].nodes.forEach(function (n, i) {
        var near = incident[n.id].map(function (e) { return pos[other(e, n.id).id]; }).filter(Boolean);
        if (!near.length) return;
        var cx = 0, cy = 0;
        near.forEach(function (p) { cx += p.x; cy += p.y; });
        var a = i * 2.39996, r = 70;
        updates.push({id: n.id, x: cx / near.length + r * Math.cos(a), y: cy / near.length + r * Math.sin(a)});
      });
      update(updates);
    });
  }

  // The base map of a geographic layout, drawn under the network.
  if (data.basemap) {
    network.on("beforeDrawing", function (ctx) {
      var layers = [[data.basemap.provinces, "#f4f1ea", "#9a8f7a", 1.2]];
      if (data.basemap.prefectures) layers.push([data.basemap.prefectures, null, "#c9bfaa", 0.6]);
      layers.forEach(function (spec) {
        spec[0].forEach(function (shape) {
          ctx.beginPath();
          shape.rings.forEach(function (ring) {
            ctx.moveTo(ring[0], ring[1]);
            for (var i = 2; i < ring.length; i += 2) ctx.lineTo(ring[i], ring[i + 1]);
            ctx.closePath();
          });
          if (spec[1]) { ctx.fillStyle = spec[1]; ctx.fill("evenodd"); }
          ctx.strokeStyle = spec[2]; ctx.lineWidth = spec[3] / network.getScale(); ctx.stroke();
        });
      });
      ctx.fillStyle = "#8a7f6a";
      ctx.font = (13 / network.getScale()) + "px " + FACE;
      ctx.textAlign = "center";
      data.basemap.provinces.forEach(function (shape) { if (shape.at) ctx.fillText(shape.name, shape.at[0], shape.at[1]); });
    });
  }

  // Selection: the node's neighbours stay, the rest fades.
  var faded = false, kept = {};
  function highlight(id) {
    var keep = kept = {};
    keep[id] = true;
    incident[id].forEach(function (e) { if (visibleEdge[e.id]) keep[other(e, id).id] = true; });
    update(allNodes.map(function (n) {
      return keep[n.id] ? Object.assign({id: n.id}, look(n))
        : {id: n.id, color: {background: FADED, border: FADED}};
    }));
    edges.update(allEdges.map(function (e) {
      return {id: e.id, color: {color: e.from === id || e.to === id ? e.color : FADED, highlight: "#000000"}};
    }));
    faded = true;
    readableLabels();
  }
  function unhighlight() {
    if (!faded) return;
    update(allNodes.map(function (n) { return Object.assign({id: n.id}, look(n)); }));
    edges.update(allEdges.map(function (e) { return {id: e.id, color: {color: e.color, highlight: "#000000", opacity: 0.75}}; }));
    faded = false;
    readableLabels();
  }

  // Details panel.
  var details = document.getElementById("kg-details");
  function link(n) {
    var b = el("button", n.label, "link");
    b.type = "button";
    b.addEventListener("click", function () { select(n.id); });
    return b;
  }
  function section(title, items) {
    if (!items.length) return;
    details.appendChild(el("h4", title + " (" + items.length + ")"));
    var ul = el("ul");
    items.forEach(function (item) { ul.appendChild(item); });
    details.appendChild(ul);
  }
  function showNode(id) {
    var n = byId[id];
    details.replaceChildren(el("h3", n.label));
    var facts = [data.labels["org:" + n.org_type] || n.org_type, n.level, n.province].filter(Boolean).join(" · ");
    if (facts) details.appendChild(el("p", facts, "facts"));
    var partners = [], mechanisms = [], cases = [], others = [], evidenceSeen = {}, evidence = [];
    incident[id].slice().sort(function (a, b) { return b.weight - a.weight; }).forEach(function (e) {
      var o = other(e, id), li = el("li");
      li.appendChild(link(o));
      li.appendChild(el("span", " " + e.weight + " 篇报道" + (e.relation === "cooperates_with" ? "" : " · " + relLabel(e.relation)), "hint"));
      if (o.kind === "org" && e.relation === "cooperates_with") partners.push(li);
      else if (o.kind === "mechanism") mechanisms.push(li);
      else if (o.kind === "case") cases.push(li);
      else others.push(li);
      e.evidence.forEach(function (ev) {
        if (evidenceSeen[ev.sentence]) return;
        evidenceSeen[ev.sentence] = true;
        var item = el("li"), holder = {evidence: [ev]};
        item.appendChild(el("div", relLabel(e.relation) + " — " + o.label, "hint"));
        evidenceList(holder, item);
        evidence.push(item);
      });
    });
    section("合作伙伴 Partners", partners);
    section("机制 Mechanisms", mechanisms);
    section("案件 Cases", cases);
    section("其他关系 Other links", others);
    section("证据 Evidence", evidence);
    var more = el("details");
    more.appendChild(el("summary", "属性 Attributes"));
    more.appendChild(attrList(n.attrs));
    details.appendChild(more);
  }
  function showEdge(id) { details.replaceChildren(edgeTip(edgeById[id])); }
  function select(id) {
    var n = byId[id];
    if (n.layer && !shown.layers[n.layer]) { layerBoxes[n.layer].checked = true; shown.layers[n.layer] = true; refresh(); }
    showNode(id);
    if (visibleNode[id]) {
      network.selectNodes([id]);
      highlight(id);
      network.focus(id, {scale: Math.max(network.getScale(), 0.9), animation: false});
    } else {
      details.insertBefore(el("p", "当前筛选隐藏了此节点 · hidden by the current filters", "note"), details.children[1]);
    }
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); highlight(params.nodes[0]); }
    else if (params.edges.length) { unhighlight(); showEdge(params.edges[0]); }
    else unhighlight();
  });

  // Search: an exact name or alias selects it; otherwise every name that
  // contains the query is listed, so an ambiguous name shows all its matches.
  var names = document.getElementById("kg-names");
  allNodes.forEach(function (n) { var o = el("option"); o.value = n.label; names.appendChild(o); });
  document.getElementById("kg-search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = document.getElementById("kg-query").value.trim();
    if (!q) return;
    var exact = allNodes.filter(function (n) { return n.label === q; });
    if (!exact.length) exact = allNodes.filter(function (n) { return n.aliases.indexOf(q) >= 0; });
    var hits = exact.length ? exact : allNodes.filter(function (n) {
      return n.label.indexOf(q) >= 0 || n.aliases.some(function (a) { return a.indexOf(q) >= 0; });
    }).sort(function (a, b) { return a.label.length - b.label.length || (b.partners - a.partners); });
    if (!hits.length) { details.replaceChildren(el("p", "没有名为“" + q + "”的节点 · No node named “" + q + "”.", "hint")); return; }
    if (hits.length === 1) { select(hits[0].id); return; }
    details.replaceChildren(el("h3", hits.length + " 个匹配 matches for “" + q + "”"));
    var ul = el("ul", null, "matches");
    hits.forEach(function (n) {
      var li = el("li");
      li.appendChild(link(n));
      li.appendChild(el("span", " " + [data.labels["org:" + n.org_type] || data.labels[n.kind] || n.kind, n.province].filter(Boolean).join(" · "), "hint"));
      ul.appendChild(li);
    });
    details.appendChild(ul);
  });

  window.kg = {network: network, nodes: nodeView, edges: edgeView, data: data, select: select};
  placeLayerNodes();
})();
