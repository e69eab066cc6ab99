#!/bin/sh
# Builds geosim (release) and installs it under a prefix:
#   PREFIX/bin/geosim                     the program
#   PREFIX/share/man/man1/geosim.1        the man page (man geosim)
#   PREFIX/share/bash-completion/completions/geosim, PREFIX/share/zsh/site-functions/_geosim,
#   PREFIX/share/fish/vendor_completions.d/geosim.fish   shell completions
#   PREFIX/share/geosim/commit            the git commit it was built from (geosim --version)
# Usage: scripts/install.sh [--prefix DIR]   (default: $PREFIX, else ~/.local)
set -eu
prefix="${PREFIX:-$HOME/.local}"
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a directory" >&2; exit 64; }; prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown argument '$1' (expected --prefix DIR)" >&2; exit 64 ;;
    esac
done
cd "$(dirname "$0")/.."
swift build -c release --product geosim
install -d "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/geosim" \
    "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
install -m 755 .build/release/geosim "$prefix/bin/geosim"
# The commit, so that `geosim --version` names it; '-dirty' when the tree had changes.
rm -f "$prefix/share/geosim/commit"
if commit=$(git rev-parse HEAD 2>/dev/null); then
    if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit-dirty"; fi
    echo "$commit" > "$prefix/share/geosim/commit"
fi
"$prefix/bin/geosim" help --man > "$prefix/share/man/man1/geosim.1"
"$prefix/bin/geosim" completions bash > "$prefix/share/bash-completion/completions/geosim"
"$prefix/bin/geosim" completions zsh > "$prefix/share/zsh/site-functions/_geosim"
"$prefix/bin/geosim" completions fish > "$prefix/share/fish/vendor_completions.d/geosim.fish"
"$prefix/bin/geosim" --version
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "Add $prefix/bin to your PATH, e.g.: export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
