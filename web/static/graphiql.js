// Starts GraphiQL (UMD globals React, ReactDOM and GraphiQL, vendored by
// web/build.sh) against this origin's /graphql, or ?endpoint=URL.
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var endpoint = new URL(params.get('endpoint') || 'graphql', document.baseURI).href;
  var defaultQuery = [
    '# scsgraph: the scholarship on China\'s social credit systems.',
    '# Run with Ctrl-Enter; the Docs pane lists every type.',
    '',
    'query Blacklist {',
    '  search(text: "blacklist", first: 5) { node { id kind label } score snippet }',
    '  neighborhood(id: "concept/blacklist", depth: 1, limit: 50) {',
    '    nodes { id kind label }',
    '    edges { source target predicate evidence { quote source { id label } } }',
    '    truncated',
    '  }',
    '}',
    ''
  ].join('\n');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: GraphiQL.createFetcher({ url: endpoint }),
    defaultQuery: defaultQuery,
    defaultEditorToolsVisibility: true
  }));
})();
