#!/usr/bin/env bash
# Regenerates the TEST-ONLY TLS fixtures in this folder. These keys are public: never
# trust them anywhere but in tests. Valid for 100 years so the suite never rots.
# Uses the openssl command line tool (package `openssl`).
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
days=36500

ca() { # name subject
    openssl ecparam -name prime256v1 -genkey -noout -out "$tmp/$1.key"
    openssl req -x509 -new -key "$tmp/$1.key" -sha256 -days $days -subj "$2" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" -out "test-only-$1.pem"
}
leaf() { # name ca subject extensions
    openssl ecparam -name prime256v1 -genkey -noout -out "test-only-$1.key"
    openssl req -new -key "test-only-$1.key" -subj "$3" -out "$tmp/$1.csr"
    printf '%s\n' "$4" > "$tmp/$1.ext"
    openssl x509 -req -in "$tmp/$1.csr" -CA "test-only-$2.pem" -CAkey "$tmp/$2.key" \
        -CAcreateserial -CAserial "$tmp/$2.srl" -sha256 -days $days \
        -extfile "$tmp/$1.ext" -out "test-only-$1.pem"
}

ca ca "/CN=k8s-hosts test-only CA"
ca rogue-ca "/CN=k8s-hosts test-only untrusted CA"
leaf server ca "/CN=localhost" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1"
leaf client ca "/O=system:masters/CN=test-admin" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
leaf rogue-client rogue-ca "/O=system:masters/CN=intruder" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
rm -f test-only-rogue-ca.pem.srl
