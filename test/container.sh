#!/usr/bin/env bash
# Container gate: build the Dockerfile for real without a Docker engine, run the image's server and
# check that it answers. Docker Hub is unreachable here, so the base image is a stand-in: Debian
# bookworm (debootstrap minbase) plus this machine's Node.js and npm, with the `node` user the
# official image has, committed under its own name and passed as the Dockerfile's base image
# build arguments. Needs root, buildah and debootstrap (.ci/run installs them).
#
#   npm run test:container
#
# It is not part of `npm test` (the inner loop): building with the vfs storage driver copies every
# layer and takes a minute or more, so .ci/run runs it as its own stage.
set -euo pipefail
cd "$(dirname "$0")/.."

export BUILDAH_ISOLATION=chroot
STORAGE=(--storage-driver vfs)
NODE_VERSION=$(node -p 'process.versions.node')
BASE_NAME=localhost/node-standin
# Bump the revision when the recipe below changes, so machines rebuild it.
BASE_TAG="${NODE_VERSION}-bookworm-r2"
IMAGE=localhost/whmcs-rest:ci
work=$(mktemp -d)
ctr=''
server=''

cleanup () {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$ctr" ]; then buildah "${STORAGE[@]}" rm "$ctr" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

for tool in buildah debootstrap; do
  command -v "$tool" >/dev/null 2>&1 || { echo "container: $tool is missing (apt-get install -y buildah debootstrap)"; exit 1; }
done
if [ "$(id -u)" != 0 ]; then echo 'container: debootstrap and buildah (vfs, chroot) need root here'; exit 1; fi

step () { echo "container: $1 ($(( $(date +%s) - started )) s)"; }
started=$(date +%s)

# 1. The stand-in base image, built once per machine and Node version.
if ! buildah "${STORAGE[@]}" inspect --type image "$BASE_NAME:$BASE_TAG" >/dev/null 2>&1; then
  debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
    || { tail -n 20 "$work/debootstrap.log"; exit 1; }
  node_bin=$(readlink -f "$(command -v node)")
  npm_dir=$(dirname "$(readlink -f "$(command -v npm)")")/..
  install -m 0755 "$node_bin" "$work/rootfs/usr/local/bin/node"
  mkdir -p "$work/rootfs/usr/local/lib/node_modules"
  cp -a "$(readlink -f "$npm_dir")" "$work/rootfs/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$work/rootfs/usr/local/bin/npm"
  # The official image's unprivileged user, which the Dockerfile switches to.
  echo 'node:x:1000:1000::/home/node:/bin/sh' >>"$work/rootfs/etc/passwd"
  echo 'node:x:1000:' >>"$work/rootfs/etc/group"
  mkdir -p "$work/rootfs/home/node" && chown 1000:1000 "$work/rootfs/home/node"
  # The machine's trust store, so npm inside the build reaches the registry the way the machine does.
  mkdir -p "$work/rootfs/etc/ssl"
  cp "${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}" "$work/rootfs/etc/ssl/standin-ca.crt"
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
  base=$(buildah "${STORAGE[@]}" from scratch)
  tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
  buildah "${STORAGE[@]}" add "$base" "$work/rootfs.tar" / >/dev/null
  buildah "${STORAGE[@]}" config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env NODE_EXTRA_CA_CERTS=/etc/ssl/standin-ca.crt --cmd node "$base"
  buildah "${STORAGE[@]}" commit --quiet "$base" "$BASE_NAME:$BASE_TAG" >/dev/null
  buildah "${STORAGE[@]}" rm "$base" >/dev/null
  rm -rf "$work/rootfs" "$work/rootfs.tar"
  step "built the stand-in base $BASE_NAME:$BASE_TAG"
else
  step "stand-in base $BASE_NAME:$BASE_TAG already built"
fi

# 2. The image, from the Dockerfile as it is, with nothing pulled.
buildah "${STORAGE[@]}" bud --pull=never --isolation chroot --layers=false --format docker \
  --build-arg "NODE_IMAGE=$BASE_NAME" --build-arg "NODE_TAG=$BASE_TAG" \
  -t "$IMAGE" -f Dockerfile . >"$work/build.log" 2>&1 \
  || { tail -n 40 "$work/build.log"; exit 1; }
step "built $IMAGE"

# 3. Run the image's own command (as its user, with its environment) and ask it for /healthz.
port=$(node -e "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
ctr=$(buildah "${STORAGE[@]}" from --pull-never "$IMAGE")
config=$(buildah "${STORAGE[@]}" inspect --type image "$IMAGE")
user=$(node -e 'console.log(JSON.parse(process.argv[1]).OCIv1.config.User ?? "")' "$config")
[ "$user" = node ] || { echo "container: the image runs as '$user', not the unprivileged node user"; exit 1; }
mapfile -t argv < <(node -e 'for (const a of JSON.parse(process.argv[1]).OCIv1.config.Cmd) console.log(a)' "$config")
buildah "${STORAGE[@]}" run --isolation chroot --user "$user" --env "PORT=$port" --env HOST=127.0.0.1 "$ctr" -- "${argv[@]}" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  if body=$(node -e "fetch('http://127.0.0.1:$port/healthz').then(async (r) => { if (!r.ok) process.exit(1); console.log(await r.text()) }, () => process.exit(1))" 2>/dev/null); then
    ready=$(node -e "fetch('http://127.0.0.1:$port/readyz').then((r) => console.log(r.status), () => console.log('unreachable'))")
    step "the image's server answered /healthz: $body; /readyz: $ready"
    [ "$ready" = 200 ] || { echo 'container: /readyz did not answer 200 against the embedded sandbox'; cat "$work/server.log"; exit 1; }
    echo "PASS: the Dockerfile builds on $BASE_NAME:$BASE_TAG and its server answers"
    exit 0
  fi
  if ! kill -0 "$server" 2>/dev/null; then break; fi
  sleep 0.2
done
echo 'container: the image'"'"'s server did not answer /healthz'
cat "$work/server.log"
exit 1
