#!/usr/bin/env bash
# Baseline for bench/certs: the same TLS set made the old way, with openssl and keytool, one step at a time.
# Usage: baseline-certs.sh OUT_DIR [rsa-2048|ecdsa-p256]   (default rsa-2048; passwords are random per run, never changeit)
set -euo pipefail
out=$1
algorithm=${2:-rsa-2048}
mkdir -p "$out"
cd "$out"
pw() { openssl rand -base64 24 | tr -d '/+=' ; }
case $algorithm in
  rsa-2048) genkey() { openssl genrsa -out "$1" 2048 2>/dev/null; }; leaf_usage=digitalSignature,keyEncipherment ;;
  ecdsa-p256) genkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }; leaf_usage=digitalSignature ;;
  *) echo "unknown algorithm $algorithm" >&2; exit 2 ;;
esac

mkdir -p ca && genkey ca/ca.key
openssl req -x509 -new -key ca/ca.key -sha256 -days 3650 -subj "/O=Conscious Rocket/CN=rocketctl CA" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" -out ca/ca.crt

leaf() { # dir cert key cn org eku sans
  local dir=$1 cert=$2 key=$3 cn=$4 org=$5 eku=$6 sans=$7
  mkdir -p "$dir"
  genkey "$dir/$key"
  openssl req -new -key "$dir/$key" -subj "/O=$org/CN=$cn" -out "$dir/$cert.csr"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,$leaf_usage"
    echo "extendedKeyUsage=$eku"
    [ -n "$sans" ] && echo "subjectAltName=$sans"
  } > "$dir/$cert.ext"
  openssl x509 -req -in "$dir/$cert.csr" -CA ca/ca.crt -CAkey ca/ca.key -CAcreateserial -days 397 -sha256 \
    -extfile "$dir/$cert.ext" -out "$dir/$cert" 2>/dev/null
  rm -f "$dir/$cert.csr" "$dir/$cert.ext"
  chmod 600 "$dir/$key"
  cp ca/ca.crt "$dir/ca.crt"
}

for s in zookeeper-1 zookeeper-2 zookeeper-3 kafka cassandra; do
  leaf "$s" tls.crt tls.key "$s" "Conscious Rocket" serverAuth,clientAuth "DNS:$s,DNS:localhost,IP:127.0.0.1"
done
leaf postgres server.crt server.key postgres "Conscious Rocket" serverAuth "DNS:postgres,DNS:localhost,IP:127.0.0.1"
leaf couchdb couchdb.pem privkey.pem couchdb "Conscious Rocket" serverAuth "DNS:couchdb,DNS:localhost,IP:127.0.0.1"
leaf cockroach node.crt node.key node Cockroach serverAuth,clientAuth "DNS:cockroach,DNS:localhost,IP:127.0.0.1"
for u in root observer_writer replicator; do
  leaf cockroach "client.$u.crt" "client.$u.key" "$u" Cockroach clientAuth ""
done

for s in kafka cassandra; do
  kpw=$(pw); tpw=$(pw)
  openssl pkcs12 -export -in "$s/tls.crt" -inkey "$s/tls.key" -certfile ca/ca.crt -name "$s" \
    -passout "pass:$kpw" -out "$s/$s.keystore.p12"
  keytool -importkeystore -noprompt -srckeystore "$s/$s.keystore.p12" -srcstoretype PKCS12 -srcstorepass "$kpw" \
    -destkeystore "$s/$s.keystore.jks" -deststoretype JKS -deststorepass "$kpw" >/dev/null 2>&1
  keytool -importcert -noprompt -alias ca -file ca/ca.crt -keystore "$s/$s.truststore.jks" -storetype JKS \
    -storepass "$tpw" >/dev/null 2>&1
  chmod 600 "$s"/*.p12 "$s"/*.jks
done
