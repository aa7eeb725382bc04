#!/usr/bin/env bash
# Measures the SPA as a phone user meets it:
#  1. the JavaScript (and CSS) the first page load fetches, gzip -9, from the built
#     frontend/dist (what index.html names; lazily loaded routes are listed apart);
#  2. axe-core's WCAG 2.1 A/AA check of the main screens at 390×844, in the light
#     and the dark theme, through the visual spec (its fake API, fixed date).
# Step 2 needs a running local server serving frontend/dist (see local/test.sh's
# start_server): pass its address as E2E_BASE_URL, with E2E_SETUP_TOKEN. Without
# it only step 1 runs.
#
# FIRST_LOAD_BUDGET_KB=N fails the run when the first load exceeds N KB (gzip), so
# a route that should load on demand cannot slip into it; SPA_BUILT=1 measures
# the frontend/dist already built.
#
#   bash local/measure-spa.sh                      # sizes only
#   E2E_BASE_URL=http://localhost:PORT E2E_SETUP_TOKEN=... bash local/measure-spa.sh
set -euo pipefail
cd "$(dirname "$0")/../frontend"

[[ "${SPA_BUILT:-}" == 1 ]] || npm run build >/dev/null 2>&1 || { echo "the SPA does not build: run npm run build" >&2; exit 1; }

gz() { gzip -9 -c "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
first=$(grep -oE '(src|href)="/assets/[^"]+\.(js|css)"' dist/index.html | sed -E 's/^(src|href)="\/(.*)"$/\2/' | sort -u)
echo "First load (gzip -9):"
total=0
for file in $first; do
  size=$(gz "dist/$file")
  total=$((total + size))
  printf '  %-40s %8.1f KB\n' "$file" "$(kb "$size")"
done
printf '  %-40s %8.1f KB\n' "total" "$(kb "$total")"
if [[ -n "${FIRST_LOAD_BUDGET_KB:-}" ]] && ((total > FIRST_LOAD_BUDGET_KB * 1024)); then
  echo "the first load is over its budget of $FIRST_LOAD_BUDGET_KB KB: load the new screens on demand (React.lazy)" >&2
  exit 1
fi
echo "Loaded later (gzip -9):"
for file in dist/assets/*.js; do
  name="${file#dist/}"
  grep -qx "$name" <<<"$first" && continue
  printf '  %-40s %8.1f KB\n' "$name" "$(kb "$(gz "$file")")"
done

[[ -n "${E2E_BASE_URL:-}" ]] || { echo "(E2E_BASE_URL not set: no accessibility check)"; exit 0; }
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
E2E_AXE_REPORT="$report" CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}" \
  npx playwright test visual --grep 'phone screens' >/dev/null
echo "axe-core, WCAG 2.1 A/AA, 390×844 (rules passed; violations as rule: impact × elements):"
node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
  for (const { screen, theme, passes, violations } of lines) {
    const found = violations.map((v) => `${v.id}: ${v.impact} × ${v.nodes}`).join(", ") || "none";
    console.log(`  ${screen.padEnd(12)} ${theme.padEnd(6)} passed ${String(passes).padStart(2)}  violations: ${found}`);
  }
' "$report"
