# Shared by scripts/run and scripts/test. Installs what is missing, never what is there.
set -euo pipefail

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}

# ensure_apt PKG... : installs the Debian packages that are not installed yet.
ensure_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

ensure_dotnet() {
  command -v dotnet >/dev/null 2>&1 || { echo "the .NET 10 SDK is required (dotnet on PATH)" >&2; exit 1; }
}

# Native libraries the engine loads at run time (codecs, resampler, speech).
RUNTIME_PACKAGES=(libopus0 libspeexdsp1 espeak-ng libespeak-ng1 libpocketsphinx3 pocketsphinx-en-us)
# What the test suite starts or drives as real peers.
TEST_PACKAGES=(redis-server sox libsox-fmt-all baresip)

# Node runs the independent MoQT peer. The machine image may ship NodeSource's nodejs (which bundles npm);
# only fall back to Debian's packages when node or npm is absent.
ensure_node() {
  command -v node >/dev/null 2>&1 || ensure_apt nodejs
  command -v npm >/dev/null 2>&1 || ensure_apt npm
}
