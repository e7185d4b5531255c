#!/bin/sh
# Copies the browser libraries that web/ embeds from node_modules (installed by
# `npm ci` from package-lock.json) into static/vendor/. Run from web/, or via
# `make web` at the top of the repository. Nothing is fetched here.
set -eu
cd "$(dirname "$0")"
if [ ! -d node_modules ]; then
	echo "web/build.sh: node_modules is missing; run 'npm ci' in web/ first" >&2
	exit 1
fi
out=static/vendor
mkdir -p "$out"
copy() { # copy SRC DEST
	if [ ! -f "node_modules/$1" ]; then
		echo "web/build.sh: node_modules/$1 is missing (package-lock.json out of date?)" >&2
		exit 1
	fi
	cp "node_modules/$1" "$out/$2"
}
copy cytoscape/dist/cytoscape.esm.min.mjs cytoscape.esm.min.mjs
copy cytoscape-svg/cytoscape-svg.js cytoscape-svg.js
copy layout-base/layout-base.js layout-base.js
copy cose-base/cose-base.js cose-base.js
copy cytoscape-fcose/cytoscape-fcose.js cytoscape-fcose.js
copy react/umd/react.production.min.js react.production.min.js
copy react-dom/umd/react-dom.production.min.js react-dom.production.min.js
copy graphiql/graphiql.min.js graphiql.min.js
copy graphiql/graphiql.min.css graphiql.min.css
for p in cytoscape cytoscape-svg layout-base cose-base cytoscape-fcose react react-dom graphiql; do
	copy "$p/LICENSE" "LICENSE-$p.txt"
done
# The minified bundles name source maps that are not shipped; drop the comment
# so browsers do not ask for them.
for f in "$out"/*.js "$out"/*.mjs "$out"/*.css; do
	sed -i -e 's|//# sourceMappingURL=[^ ]*$||' -e 's|/\*# sourceMappingURL=[^ ]* \*/$||' "$f"
done
echo "web/build.sh: vendored $(ls "$out" | grep -vc README.md) files into web/$out"
