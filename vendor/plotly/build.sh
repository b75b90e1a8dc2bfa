#!/bin/sh
# Rebuilds assets/00-vendor/plotly-app-<version>.min.js (not part of set-up: the built
# file is committed). Needs node and npm; run from this folder.
set -e
VERSION=4.1.1
work=$(mktemp -d)
cp entry.js "$work/"
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund \
    "plotly.js@$VERSION" esbuild@0.28.2 >/dev/null)
# As plotly.js's own esbuild config builds its bundles; the map's stylesheet, which
# its registry names for map traces alone, is left out.
"$work/node_modules/.bin/esbuild" "$work/entry.js" --bundle --format=iife \
    --global-name=Plotly --minify --target=es2016 --legal-comments=none \
    --define:global=window --define:define.amd=false \
    --define:process.env.NODE_DEBUG=false --alias:regl=@plotly/regl \
    --alias:stream=stream-browserify --loader:.css=empty \
    --outfile="$work/plotly.min.js"
out=../../assets/00-vendor/plotly-app-$VERSION.min.js
{ printf '/*! plotly.js v%s (MIT, Plotly, Inc.): core, bar and heatmap traces (vendor/plotly) */\n' "$VERSION"
  cat "$work/plotly.min.js"; } > "$out"
rm -rf "$work"
ls -l "$out"
