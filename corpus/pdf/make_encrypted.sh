#!/bin/sh
# Writes encrypted-secret.pdf: the plan of encrypted-empty-password.pdf locked with user and
# owner password "secret" (AES-256), as `qpdf --encrypt secret secret 256` makes it; its text is
# encrypted-empty-password.expected.txt. Needs qpdf; the file is committed, so tests never need
# it. Run from anywhere: sh corpus/pdf/make_encrypted.sh
set -eu
cd "$(dirname "$0")"
qpdf --decrypt encrypted-empty-password.pdf /tmp/jplan-plain.pdf
qpdf --deterministic-id --encrypt secret secret 256 -- /tmp/jplan-plain.pdf encrypted-secret.pdf 2>/dev/null \
  || qpdf --encrypt secret secret 256 -- /tmp/jplan-plain.pdf encrypted-secret.pdf
rm -f /tmp/jplan-plain.pdf
