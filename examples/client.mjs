// client.mjs: a plain JavaScript client for the scsgraph GraphQL API.
//
// No dependencies: it uses fetch, so it runs in Node 20+ and in a browser.
//
//   SCSGRAPH_URL=http://127.0.0.1:8080 node examples/client.mjs
//
// In an Observable notebook (or any page), import the functions instead:
//
//   scsgraph = import("https://.../client.mjs")
//   client = scsgraph.connect("http://127.0.0.1:8080")   // serve with --cors-origin https://observablehq.com
//   path = scsgraph.shortestPath(client, "actor/pboc", "actor/us-media")
//
// Run as a script, it runs the same linked queries as examples/scsgraph.ipynb,
// checks the answers, prints them, and exits non-zero when a check fails.

/** connect returns a function that runs one GraphQL request against baseURL. */
export function connect(baseURL = "http://127.0.0.1:8080", { timeoutMs = 30000 } = {}) {
  const endpoint = baseURL.replace(/\/+$/, "") + "/graphql";
  return async function gql(query, variables = {}) {
    const res = await fetch(endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/graphql-response+json, application/json",
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`${endpoint}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
    }
    if (body.errors?.length) {
      throw new Error(`${endpoint}: ${body.errors.map((e) => e.message).join("; ")}`);
    }
    if (!res.ok) throw new Error(`${endpoint}: HTTP ${res.status}`);
    return body.data;
  };
}

/** fetchAll follows a Relay connection to its end and returns its nodes. */
export async function fetchAll(gql, field, selection, { filter, pageSize = 100 } = {}) {
  const query = `query Page($first: Int, $after: String${filter ? ", $filter: PublicationFilter" : ""}) {
    ${field}(first: $first, after: $after${filter ? ", filter: $filter" : ""}) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { ${selection} } }
    }
  }`;
  const nodes = [];
  let after = null;
  for (let i = 0; i < 1000; i++) {
    const conn = (await gql(query, { first: pageSize, after, filter }))[field];
    nodes.push(...conn.edges.map((e) => e.node));
    if (!conn.pageInfo.hasNextPage) {
      check(nodes.length === conn.totalCount, `${field}: got ${nodes.length} of totalCount ${conn.totalCount}`);
      return nodes;
    }
    after = conn.pageInfo.endCursor;
  }
  throw new Error(`${field}: pagination did not end`);
}

/** cooccurring lists the concepts that publications mention with conceptId. */
export async function cooccurring(gql, conceptId, first = 100) {
  const { node } = await gql(
    `query($id: ID!, $first: Int) {
      node(id: $id) { id label ... on Concept { cooccurring(first: $first) { concept { id label } weight } } }
    }`,
    { id: conceptId, first },
  );
  if (!node) throw new Error(`cooccurring: no node ${conceptId}`);
  return node.cooccurring.map((c) => ({ id: c.concept.id, label: c.concept.label, weight: c.weight }));
}

/** shortestPath returns the path between two nodes (null when unconnected), with evidence. */
export async function shortestPath(gql, from, to) {
  const { path } = await gql(
    `query($from: ID!, $to: ID!) {
      path(from: $from, to: $to) {
        length
        nodes { id kind label }
        edges { source target label evidence { quote url file line source { id label } } }
      }
    }`,
    { from, to },
  );
  return path;
}

/**
 * surveyActors answers: which actors appear in the publications that use
 * method (national surveys by default), and which concepts link them to the
 * concept (the blacklist by default)? A concept links an actor to the
 * blacklist when a survey publication mentions both the actor and the
 * concept, and the concept is the blacklist or co-occurs with it.
 * allLinkingConcepts does the same over every publication (Actor.concepts).
 */
export async function surveyActors(gql, method = "method/national-survey", concept = "concept/blacklist") {
  const pubs = await fetchAll(gql, "publications", "id label methods { id } actors { id label } concepts { id label }", {
    filter: { methods: [method] },
  });
  const near = new Set([concept, ...(await cooccurring(gql, concept, 100)).map((c) => c.id)]);
  const actors = new Map();
  for (const p of pubs) {
    for (const a of p.actors) {
      if (!actors.has(a.id)) actors.set(a.id, { id: a.id, label: a.label, publications: [], linking: new Map() });
      const actor = actors.get(a.id);
      actor.publications.push(p.id);
      for (const c of p.concepts) if (near.has(c.id)) actor.linking.set(c.id, c);
    }
  }
  for (const a of actors.values()) {
    const { node } = await gql(
      `query($id: ID!) { node(id: $id) { ... on Actor { concepts(first: 100) { concept { id label } } } } }`,
      { id: a.id },
    );
    const blacklistFirst = (x, y) => (y.id === concept) - (x.id === concept) || x.label.localeCompare(y.label);
    a.linkingConcepts = [...a.linking.values()].sort(blacklistFirst);
    a.allLinkingConcepts = node.concepts.map((c) => c.concept).filter((c) => near.has(c.id)).sort(blacklistFirst);
    delete a.linking;
    const all = new Set(a.allLinkingConcepts.map((c) => c.id));
    check(a.linkingConcepts.every((c) => all.has(c.id)), `${a.id}: Actor.concepts misses a concept of its publications`);
  }
  return { publications: pubs, actors: [...actors.values()] };
}

/** clip shortens a string for a terminal table. */
function clip(s, n = 70) {
  return typeof s === "string" && s.length > n ? s.slice(0, n - 1) + "…" : s;
}

function check(ok, message) {
  if (!ok) throw new Error(`check failed: ${message}`);
}

async function main() {
  const url = globalThis.process?.env?.SCSGRAPH_URL || "http://127.0.0.1:8080";
  const gql = connect(url);
  console.log(`scsgraph at ${url}`);

  // 1. The concepts that co-occur with the blacklist.
  const co = await cooccurring(gql, "concept/blacklist", 10);
  check(co.length > 0, "the blacklist co-occurs with no concept");
  check(co.every((c, i) => i === 0 || co[i - 1].weight >= c.weight), "cooccurring is not ranked by weight");
  console.log("\nConcepts that co-occur with the blacklist (top 10):");
  console.table(co);

  // 2. Publications per year, with untitled works marked.
  const pubs = await fetchAll(gql, "publications", "id year title titleKnown label question { text }");
  check(pubs.every((p) => p.titleKnown === (p.title !== null)), "titleKnown disagrees with title");
  const timeline = (await gql(`{ timeline(kinds: [PUBLICATION]) { year count } }`)).timeline;
  const perYear = {};
  for (const p of pubs) perYear[p.year] = (perYear[p.year] ?? 0) + 1;
  for (const t of timeline.filter((t) => t.count > 0)) {
    check(perYear[t.year] === t.count, `timeline says ${t.count} in ${t.year}, publications say ${perYear[t.year]}`);
  }
  console.log(`\n${pubs.length} publications; untitled ones are marked:`);
  console.table(
    pubs
      .sort((a, b) => (a.year ?? Infinity) - (b.year ?? Infinity))
      .map((p) => ({
        year: p.year ?? "undated",
        title: clip(p.titleKnown ? p.title : `[untitled] ${p.label}`),
        question: clip(p.question?.text ?? "(none)", 50),
      })),
  );

  // 3. The shortest path between two actors, with its evidence.
  const [from, to] = ["actor/pboc", "actor/us-media"];
  const path = await shortestPath(gql, from, to);
  check(path !== null, `no path from ${from} to ${to}`);
  check(path.nodes[0].id === from && path.nodes.at(-1).id === to, "the path does not join the requested nodes");
  check(path.length === path.edges.length && path.edges.length === path.nodes.length - 1, "path length mismatch");
  path.edges.forEach((e, i) => {
    const ends = new Set([e.source, e.target]);
    check(ends.has(path.nodes[i].id) && ends.has(path.nodes[i + 1].id), `edge ${i} is not on the path`);
    check(e.evidence.length > 0, `edge ${i} has no evidence`);
  });
  console.log(`\nShortest path ${from} → ${to} (${path.length} hops):`);
  console.log("  " + path.nodes.map((n) => `${n.label} [${n.kind}]`).join(" → "));
  console.table(
    path.edges.map((e, i) => ({
      step: i + 1,
      edge: clip(`${path.nodes[i].label} ${e.source === path.nodes[i].id ? "—" + e.label + "→" : "←" + e.label + "—"} ${path.nodes[i + 1].label}`, 80),
      evidence: clip(
        e.evidence.find((ev) => ev.quote)?.quote ?? e.evidence[0].url ?? `${e.evidence[0].file}:${e.evidence[0].line}`,
        80,
      ),
    })),
  );

  // 4. The linked question.
  const survey = await surveyActors(gql);
  check(survey.publications.length > 0, "no publication uses a national survey");
  check(survey.actors.length > 0, "the survey publications mention no actor");
  console.log(`\nActors in the ${survey.publications.length} publications that use national surveys, and the concepts that link them to the blacklist:`);
  console.table(
    survey.actors.map((a) => ({
      actor: a.label,
      "survey publications": a.publications.length,
      "linking concepts (in the survey publications)": clip(a.linkingConcepts.map((c) => c.label).join(", "), 90),
      "in all publications": a.allLinkingConcepts.length,
    })),
  );
  check(survey.actors.some((a) => a.linkingConcepts.length > 0), "no survey actor is linked to the blacklist");
}

// Run main() only when executed as a script (node examples/client.mjs), not when imported.
const argv1 = globalThis.process?.argv?.[1];
if (argv1 && (import.meta.filename === argv1 || import.meta.url === `file://${argv1}`)) {
  main().catch((err) => {
    console.error(`client.mjs: ${err.message}${err.cause?.message ? ` (${err.cause.message})` : ""}`);
    process.exitCode = 1;
  });
}
