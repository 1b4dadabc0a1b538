#!/bin/sh
# printgate's HTTPS certificate: a local CA (made once; the phone trusts it) and a server certificate for this machine's names and addresses.
set -eu

DIR=${1:?usage: make-cert.sh DIR [HOSTNAME]}
NAME=${2:-$(hostname -s 2>/dev/null || hostname)}
mkdir -p "$DIR"
cd "$DIR"

# Names a phone may use: the host name, its mDNS name, localhost, and every address the machine has now.
sans="DNS:$NAME,DNS:$NAME.local,DNS:localhost,IP:127.0.0.1"
for ip in $(hostname -I 2>/dev/null || true); do sans="$sans,IP:$ip"; done

umask 077
if [ ! -f ca.key ] || [ ! -f ca.crt ]; then
  # Kept across runs, so a phone that trusts it keeps trusting the renewed server certificate.
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
    -subj "/CN=printgate local CA ($NAME)" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout ca.key -out ca.crt 2>/dev/null
fi
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$NAME" \
  -keyout server.key -out server.csr 2>/dev/null
printf 'subjectAltName=%s\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' "$sans" >server.ext
# 825 days: the longest validity iOS accepts for a server certificate.
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -set_serial "0x$(openssl rand -hex 16)" -days 825 -sha256 \
  -extfile server.ext -out server.crt 2>/dev/null
rm -f server.csr server.ext
chmod 0644 ca.crt server.crt
printf '%s\n' "$sans"
