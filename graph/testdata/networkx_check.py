"""Recompute the analyses of TestNetworkMatchesNetworkx with networkx.

Reads the JSON list the test writes: for each network its nodes, its edges
(source, target, weight; repeated pairs add up, as an undirected graph),
and our PageRank, betweenness, communities and modularity. Exits 1 when
networkx disagrees by more than the tolerances below.
"""
import json
import sys

import networkx as nx

PAGERANK_TOL = 1e-6
MODULARITY_TOL = 1e-6
BETWEENNESS_TOL = 1e-9


def check(net):
    g = nx.Graph()
    g.add_nodes_from(net["nodes"])
    for s, t, w in net["edges"]:
        if s == t or w <= 0:
            continue
        if g.has_edge(s, t):
            g[s][t]["weight"] += w
        else:
            g.add_edge(s, t, weight=w)
    errors = []
    pr = nx.pagerank(g, alpha=0.85, weight="weight", tol=1e-12, max_iter=1000)
    worst = max(abs(pr[n] - net["pagerank"][n]) for n in g.nodes)
    if worst > PAGERANK_TOL:
        errors.append("pagerank differs by %g" % worst)
    members = [set(c) for c in net["communities"]]
    if sorted(n for c in members for n in c) != sorted(g.nodes):
        errors.append("the communities are not a partition of the nodes")
    else:
        q = nx.community.modularity(g, members, weight="weight")
        if abs(q - net["modularity"]) > MODULARITY_TOL:
            errors.append("modularity %.12f, networkx %.12f" % (net["modularity"], q))
    bw = net.get("betweenness")
    worst_b = 0.0
    if bw is not None:
        nb = nx.betweenness_centrality(g, normalized=True, weight=None)
        worst_b = max(abs(nb[n] - bw.get(n, 0.0)) for n in g.nodes)
        if worst_b > BETWEENNESS_TOL:
            errors.append("betweenness differs by %g" % worst_b)
    print("%s: %d nodes, %d links, %d communities, Q %.6f; pagerank within %.1e, betweenness within %.1e%s"
          % (net["name"], g.number_of_nodes(), g.number_of_edges(), len(members), net["modularity"], worst,
             worst_b, "" if bw is not None else " (not checked)"))
    for e in errors:
        print("  " + e)
    return not errors


def main():
    with open(sys.argv[1]) as f:
        nets = json.load(f)
    ok = all([check(n) for n in nets])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
