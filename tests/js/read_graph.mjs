// Read a GraphML or GEXF file with graphology and print what it holds as JSON:
//   node read_graph.mjs graphml|gexf FILE
// The export tests compare this with the graph they wrote.
import { readFileSync } from "node:fs";
import graphology from "graphology";
import graphml from "graphology-graphml";
import gexf from "graphology-gexf";

const [format, file] = process.argv.slice(2);
const parser = { graphml, gexf }[format];
if (!parser) {
  console.error("usage: node read_graph.mjs graphml|gexf FILE");
  process.exit(2);
}
// a mixed multigraph: symmetric relations are undirected edges beside directed ones
const graph = parser.parse(graphology.MultiGraph, readFileSync(file, "utf-8"));
const nodes = {};
graph.forEachNode((id, attrs) => { nodes[id] = attrs; });
const edges = [];
graph.forEachEdge((id, attrs, source, target, sa, ta, undirected) => {
  edges.push({ id, source, target, attrs, undirected });
});
console.log(JSON.stringify({ type: graph.type, multi: graph.multi, order: graph.order, size: graph.size, nodes, edges }));
