"""Read every export file in a folder with the tools researchers use and
print what each holds, as JSON: networkx (Debian's python3-networkx) for
GEXF and GraphML, pandas for CSV, the json module for Cytoscape JSON.

Usage: python3 read_exports.py DIR  (files named NAME.gexf, NAME.graphml,
NAME.cyjs, NAME.nodes.csv, NAME.edges.csv)
"""
import json
import os
import sys

import networkx as nx
import pandas as pd


def types(values):
    return sorted({type(v).__name__ for v in values})


def read_nx(G):
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "directed": G.is_directed(),
        "kinds": sorted({d.get("kind") for _, d in G.nodes(data=True)}),
        "year_types": types(d["year"] for _, d in G.nodes(data=True) if "year" in d),
        "years": sorted({d["year"] for _, d in G.nodes(data=True) if "year" in d}),
        "start_types": types(d["start"] for _, d in G.nodes(data=True) if "start" in d),
        "starts": sum(1 for _, d in G.nodes(data=True) if "start" in d),
        "weight_types": types(d["weight"] for _, _, d in G.edges(data=True) if "weight" in d),
        "weights": sum(d.get("weight", 0) for _, _, d in G.edges(data=True)),
    }


def integral(series):
    s = pd.to_numeric(series.dropna())
    return bool((s == s.round()).all())


out = {}
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    path = os.path.join(folder, name)
    if name.endswith(".gexf"):
        out[name] = read_nx(nx.read_gexf(path))
    elif name.endswith(".graphml"):
        G = nx.read_graphml(path)
        r = read_nx(G)
        r["truncated"] = G.graph.get("truncated")
        out[name] = r
    elif name.endswith(".cyjs"):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        nodes = [n["data"] for n in doc["elements"]["nodes"]]
        out[name] = {
            "nodes": len(nodes),
            "edges": len(doc["elements"]["edges"]),
            "directed": doc["data"]["directed"],
            "kinds": sorted({n["kind"] for n in nodes}),
            "year_types": types(n["year"] for n in nodes if "year" in n),
            "truncated": doc["data"]["truncated"],
        }
    elif name.endswith(".nodes.csv"):
        df = pd.read_csv(path, dtype={"year": "Int64", "start": "Int64"})
        out[name] = {
            "nodes": len(df),
            "columns": list(df.columns),
            "kinds": sorted(df["kind"].unique().tolist()),
            "year_dtype": str(df["year"].dtype),
            "years": sorted(int(y) for y in df["year"].dropna().unique()),
        }
    elif name.endswith(".edges.csv"):
        df = pd.read_csv(path, dtype={"start": "Int64"})
        out[name] = {
            "edges": len(df),
            "columns": list(df.columns),
            "weight_dtype": str(df["weight"].dtype),
            "start_integral": integral(df["start"]),
            "empty_evidence": int(df["evidence"].isna().sum()),
        }
print(json.dumps(out, sort_keys=True))
