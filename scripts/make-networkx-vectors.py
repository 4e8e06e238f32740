"""Make test/fixtures/networkx-clustering.json: networkx's clustering, transitivity and path length of test graphs.

Usage (from the repository root, after `npm run build`, with Debian's python3-networkx):
    python3 scripts/make-networkx-vectors.py [--samples 2000]

The file is the project's own test data for test/graphs/relational-measures.test.ts and test/graphs/ws-flex.test.ts.
It holds three kinds of entry:

- "graphs": edge lists on vertices 0..n-1, each with networkx's `average_clustering`, `transitivity` and
  `average_shortest_path_length` (null when the graph is disconnected or empty, where networkx raises).
  * source "ours": made by the lab's generators (WS, BA, ER, WS-flex, complete), exported by
    scripts/export-graph-edge-lists.mjs with their spec and seed, so the test can also regenerate them;
  * source "networkx": made here by networkx generators and small hand-made cases (isolated vertices, stars,
    paths, a clustered power-law graph ...), where only the measures are under test.
- "graph2nnLattices": graph2nn's WS-flex ring lattice (p = 0, deterministic) for several n and real k, made by
  `ws_flex_graph` below; our generator must give exactly these edges.
- "graph2nnStatistics": mean and standard error of average clustering C and path length L over --samples connected
  WS-flex graphs per (n, k, p), drawn by `ws_flex_graph` with Python's random (graph2nn's RNG); our generator draws
  from another RNG, so the test compares distributions, not graphs.

`ws_flex_graph` restates the WS-flex definition of You, Leskovec, He & Xie, "Graph Structure of Neural Networks"
(ICML 2020), as their code (facebookresearch/graph2nn, pycls/models/relation_graph.py: ws_graph,
connected_ws_graph) implements it: round(k*n/2) edges, node i owning the next floor(e/n)+1 (first e mod n nodes)
or floor(e/n) ring neighbours, then node by node each owned edge rewired with probability p.
"""
import argparse
import json
import math
import os
import random
import subprocess
import sys

import networkx as nx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "networkx-clustering.json")


def ws_flex_graph(n, k, p, rng):
    """One WS-flex graph with graph2nn's definition (see the module docstring), drawing from `rng`."""
    assert 2 <= k <= n
    edge_num = int(round(k * n / 2))
    owned = [edge_num // n + (1 if i < edge_num % n else 0) for i in range(n)]
    graph = nx.Graph()
    for i in range(n):
        graph.add_edges_from((i, (i + j) % n) for j in range(1, owned[i] + 1))
    nodes = list(graph.nodes())
    for u in range(n):
        for j in range(1, owned[u] + 1):
            if rng.random() >= p:
                continue
            w = rng.choice(nodes)
            skipped = False
            while w == u or graph.has_edge(u, w):
                w = rng.choice(nodes)
                if graph.degree(u) >= n - 1:
                    skipped = True
                    break
            if not skipped:
                graph.remove_edge(u, (u + j) % n)
                graph.add_edge(u, w)
    return graph


def connected_ws_flex_graph(n, k, p, rng, tries=100):
    """graph2nn's connected_ws_graph: regenerate from the same stream until connected."""
    for _ in range(tries):
        graph = ws_flex_graph(n, k, p, rng)
        if nx.is_connected(graph):
            return graph
    raise RuntimeError(f"no connected WS-flex graph in {tries} tries (n={n}, k={k}, p={p})")


def edge_list(graph):
    """Sorted [u, v] pairs, u < v, of a graph on integer vertices."""
    return sorted([min(u, v), max(u, v)] for u, v in graph.edges())


def measures(graph):
    """networkx's three measures; path length null where networkx raises (disconnected or empty graph)."""
    try:
        path = nx.average_shortest_path_length(graph)
    except (nx.NetworkXError, nx.NetworkXPointlessConcept):
        path = None
    return {
        "averageClustering": nx.average_clustering(graph) if graph.number_of_nodes() else None,
        "transitivity": nx.transitivity(graph),
        "averagePathLength": path,
    }


def on_vertices(n, edges):
    """A networkx graph with vertices 0..n-1 added in order, then the edges."""
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges)
    return graph


def networkx_graphs():
    """Named graphs from networkx's generators and small edge cases."""
    triangle_and_isolated = on_vertices(6, [(0, 1), (1, 2), (0, 2), (2, 3)])
    made = {
        "isolated vertices": nx.empty_graph(5),
        "one vertex": nx.empty_graph(1),
        "one edge": nx.path_graph(2),
        "triangle with pendant and two isolated": triangle_and_isolated,
        "path 6": nx.path_graph(6),
        "star 7": nx.star_graph(6),
        "cycle 3": nx.cycle_graph(3),
        "cycle 10": nx.cycle_graph(10),
        "petersen": nx.petersen_graph(),
        "karate club": nx.karate_club_graph(),
        "barbell 5 2": nx.barbell_graph(5, 2),
        "lollipop 6 4": nx.lollipop_graph(6, 4),
        "wheel 9": nx.wheel_graph(9),
        "random regular 3 20": nx.random_regular_graph(3, 20, seed=2),
        "powerlaw cluster 60 3 0.6": nx.powerlaw_cluster_graph(60, 3, 0.6, seed=1),
        "networkx watts strogatz 40 6 0.1": nx.watts_strogatz_graph(40, 6, 0.1, seed=3),
        "networkx gnp 50 0.15": nx.gnp_random_graph(50, 0.15, seed=4),
        "florentine families": nx.convert_node_labels_to_integers(nx.florentine_families_graph()),
    }
    entries = []
    for name, graph in made.items():
        n = graph.number_of_nodes()
        # Rebuild on 0..n-1 in order so vertex order (and so summation order) is the lab's.
        graph = on_vertices(n, graph.edges())
        entries.append({"source": "networkx", "name": name, "nodes": n, "edges": edge_list(graph), **measures(graph)})
    return entries


def our_graphs():
    """The lab's generated graphs, with networkx's measures added."""
    exporter = os.path.join(ROOT, "scripts", "export-graph-edge-lists.mjs")
    result = subprocess.run(["node", exporter], capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        sys.exit(f"{exporter} failed (run `npm run build` first):\n{result.stderr}")
    entries = []
    for entry in json.loads(result.stdout):
        graph = on_vertices(entry["nodes"], entry["edges"])
        entries.append({**entry, **measures(graph)})
    return entries


# (n, k) of the p = 0 lattices: graph2nn's n = 64 across its k range, odd n, k = n (pairs listed twice), and
# k·n/2 ending in .5, where Python rounds half to even (5·2.6/2 = 6.5 → 6, 5·3/2 = 7.5 → 8, 7·3/2 = 10.5 → 10).
LATTICES = [(64, 2.6), (64, 5.3), (64, 12.4), (64, 31.5), (64, 63), (64, 64), (15, 4.6), (15, 15), (16, 3.3),
            (5, 2.5), (5, 2.6), (5, 3), (7, 3), (7, 4.5)]
STATISTICS = [(64, 3.2, 0.1), (64, 8.7, 0.02), (64, 8.7, 0.3), (64, 20.4, 1.0), (32, 5.5, 0.5)]


def lattices():
    """graph2nn's p = 0 lattices; round(k*n/2) shown beside the edge count (they differ when k is close to n)."""
    return [
        {"nodes": n, "k": k, "edgeBudget": int(round(k * n / 2)), "edges": edge_list(ws_flex_graph(n, k, 0, random.Random(0)))}
        for n, k in LATTICES
    ]


def statistics(samples):
    """Mean and standard error of C and L over `samples` connected WS-flex graphs per setting (seeds 0..samples-1)."""
    rows = []
    for n, k, p in STATISTICS:
        cs, ls = [], []
        for seed in range(samples):
            graph = connected_ws_flex_graph(n, k, p, random.Random(seed))
            cs.append(nx.average_clustering(graph))
            ls.append(nx.average_shortest_path_length(graph))
        row = {"nodes": n, "k": k, "p": p, "samples": samples}
        for name, values in (("averageClustering", cs), ("averagePathLength", ls)):
            mean = sum(values) / samples
            sd = math.sqrt(sum((x - mean) ** 2 for x in values) / (samples - 1))
            row[name] = [mean, sd / math.sqrt(samples)]
        rows.append(row)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=2000, help="graphs per WS-flex statistics setting")
    args = parser.parse_args()
    vectors = {
        "networkx": nx.__version__,
        "graphs": our_graphs() + networkx_graphs(),
        "graph2nnLattices": lattices(),
        "graph2nnStatistics": statistics(args.samples),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as out:
        json.dump(vectors, out, separators=(",", ":"))
        out.write("\n")
    print(f"wrote {len(vectors['graphs'])} graphs, {len(vectors['graph2nnLattices'])} lattices and "
          f"{len(vectors['graph2nnStatistics'])} statistics settings to {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
