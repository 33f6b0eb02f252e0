#!/usr/bin/env bash
# Installs the Debian packages simdesk builds and tests with, and nothing else.
# Idempotent: it asks dpkg first and only calls apt-get when something is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config         # compiler and build
  lld                                      # links the ~60 test programs in a sixth of the default linker's time
  libimgui-dev libstb-dev                   # Dear ImGui 1.86 (static, with GLFW/OpenGL3 backends); stb for it and certificates
  libglfw3-dev libgl-dev                    # window, input and OpenGL context
  nlohmann-json3-dev                        # JSON values for content and saved sessions
  libvalijson-dev                           # validates content against the shipped JSON Schemas
  libcli11-dev                              # command-line parsing with --help per subcommand
  libsqlite3-dev                            # training records (store)
  libpq-dev                                 # a team's records on a PostgreSQL server (--db postgresql://...): libpq, the client library
  postgresql-15                             # the tests run every store test on a throwaway PostgreSQL 15 cluster they start themselves
  doctest-dev                               # unit tests
  libutf8proc-dev                           # typed replies: Unicode case folding and normalisation
  libstemmer-dev                            # typed replies: Snowball English stems ("refunded" ~ "refund")
  libre2-dev                                # typed replies: linear-time regexes, safe on untrusted content
  libhunspell-dev hunspell-en-us hunspell-en-gb  # typed replies: spelling checked against maintained US and British English dictionaries
  wordnet-base                              # authoring: WordNet synonyms to grow lexicons by meaning (simdesk lexicon synonyms)
  fonts-dejavu-core                         # the app's UI font; DejaVu Serif for certificates and their tests
  libcairo2-dev                             # the coaching report as PDF (simdesk report session N --pdf), drawn with DejaVu
  poppler-utils                             # tests read the coaching PDF back with pdftotext
  xvfb xauth xdotool libgl1-mesa-dri        # GUI smoke tests on a virtual display with software OpenGL
  libx11-dev                                # the end-to-end test closes the window as a window manager would
)

# Optional, best effort: only scripts/fuzz.sh needs them (the fuzz corpora are replayed by every
# test run with the normal compiler). libclang-rt-14-dev ships libclang_rt.fuzzer-x86_64.a.
optional=(clang libclang-rt-14-dev)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

install_optional() {
  local wanted=()
  for p in "${optional[@]}"; do installed "$p" || wanted+=("$p"); done
  ((${#wanted[@]} == 0)) && return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: optional, for scripts/fuzz.sh only: sudo apt-get install -y ${wanted[*]}" >&2
    return 0
  fi
  echo "install-deps: installing optional ${wanted[*]} (fuzzing)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${wanted[@]}" ||
    echo "install-deps: could not install ${wanted[*]}; everything but scripts/fuzz.sh works without them" >&2
}

missing=()
for p in "${packages[@]}"; do
  [[ "$p" == \#* ]] && continue
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  install_optional
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing Debian packages: ${missing[*]}" >&2
  echo "install-deps: run this, then try again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_optional
