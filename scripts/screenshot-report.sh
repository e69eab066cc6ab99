#!/usr/bin/env bash
# Screenshots of geosim's HTML reports, light and dark, 1280 and 420 px wide, for looking
# at by hand (not run by CI). Needs a release build and headless Chromium.
#
#   scripts/screenshot-report.sh [OUT-DIR]      (default /tmp/geosim-screenshots)
#
# Writes OUT-DIR/<page>.html for a plain run with an isolation and timeline, a cached run,
# transactions, a primary with pools and a crash, seven regions on five continents (the
# placement picture), a sweep and a plan, then
# OUT-DIR/<page>-<width>-<light|dark>.png for each.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/geosim-screenshots}"
mkdir -p "$out"
geosim=.build/release/geosim
[ -x "$geosim" ] || swift build -c release
chrome="$(command -v chromium || command -v chromium-browser || command -v google-chrome)"
regions=us-east,us-west,eu-central

"$geosim" report --html "$out/run.html" --topology "$regions" --duration 30s --isolate us-east@10s..20s --timeline
"$geosim" report --html "$out/cache.html" --topology "$regions" --duration 20s --cache-ttl 5s --read-mode bounded
"$geosim" report --html "$out/txn.html" --topology "$regions" --duration 20s --txn rmw:2 --keys 100 --rate 200
"$geosim" report --html "$out/global.html" --catalog gcp --duration 10s \
    --topology us-east,sa-east,eu-central,africa-south1,ap-south,ap-northeast,australia-southeast1
"$geosim" report --html "$out/primary.html" --topology "$regions" --duration 20s --replication primary-async --pool-size 10 --crash us-east@5s..12s
rm -rf "$out/sweep"
"$geosim" sweep --topology "$regions" --duration 5s --vary rate=200,500,1000 --vary leader=us-east,eu-central --replicates 2 --out "$out/sweep" >/dev/null
"$geosim" report --html "$out/sweep.html" --from "$out/sweep"
"$geosim" plan --topology "$regions" --duration 5s --slo 'p99 write < 250ms' --slo 'availability > 0.99' \
    --vary rate=100..3000 --compare leader=us-east,eu-central --replicates 2 --format json >"$out/plan.json" || true
"$geosim" report --html "$out/plan.html" --from "$out/plan.json"

for page in run cache txn primary global sweep plan; do
    for width in 1280 420; do
        for scheme in light dark; do
            # Blink's preferred colour scheme: 0 dark, 1 light (what prefers-color-scheme reports).
            setting=$([ "$scheme" = dark ] && echo 0 || echo 1)
            "$chrome" --headless --no-sandbox --disable-gpu --hide-scrollbars \
                --blink-settings=preferredColorScheme=$setting \
                --window-size="$width,6000" --screenshot="$out/$page-$width-$scheme.png" \
                "file://$(realpath "$out/$page.html")" 2>/dev/null
        done
    done
done
echo "screenshots in $out"
