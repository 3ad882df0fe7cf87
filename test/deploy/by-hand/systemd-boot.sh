#!/usr/bin/env bash
# By hand, not part of `npm test`: starts deploy/systemd/stint.service under a real systemd,
# on a machine where none runs. systemd boots as PID 1 in its own pid, mount, network, UTS, IPC
# and cgroup namespaces, on an overlay of / (its writes land in a temp dir), with one target
# that wants only the stint unit. Root only; needs systemd, dbus and curl installed. ~30 s.
set -euo pipefail
cd "$(dirname "$0")/../../.."
REPO=$PWD
WORK=$(mktemp -d /tmp/stint-systemd-XXXXXX)
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; exit 1; }

mkdir -p "$WORK"/{upper,work,merged}
U=$WORK/upper
mkdir -p "$U/opt/stint/dist" "$U/etc/stint" "$U/etc/systemd/system"
cp -R dist/cli "$U/opt/stint/dist/cli"
cp deploy/stint.yml "$U/etc/stint/stint.yml"
cp deploy/systemd/stint.service "$U/etc/systemd/system/stint.service"
mkdir -p "$U/root" && cp deploy/systemd/tls.conf "$U/root/stint-tls.conf"
printf '[Unit]\nDescription=stint by-hand test\nWants=stint.service dbus.socket\nAfter=stint.service\n' >"$U/etc/systemd/system/stint-test.target"

unshare --pid --fork --mount --net --uts --ipc --cgroup --propagation private bash -c '
  set -e; R=$1/merged
  mount -t overlay overlay -o lowerdir=/,upperdir=$1/upper,workdir=$1/work "$R"
  mount -t proc proc "$R/proc"; mount -t sysfs sysfs "$R/sys"
  mount -t cgroup2 cgroup2 "$R/sys/fs/cgroup"
  mount --rbind /dev "$R/dev"; mount -t tmpfs tmpfs "$R/run"; mount -t tmpfs tmpfs "$R/tmp"
  cd "$R"; mkdir -p old; pivot_root . old; umount -l /old
  export container=unshare
  exec /lib/systemd/systemd --system --unit=stint-test.target --log-target=null
' boot "$WORK" >"$WORK/boot.log" 2>&1 &
unshare_pid=$!
systemd_pid=""
for _ in $(seq 50); do systemd_pid=$(cat "/proc/$unshare_pid/task/$unshare_pid/children" 2>/dev/null | awk '{print $1}'); [ -n "$systemd_pid" ] && break; sleep 0.2; done
[ -n "$systemd_pid" ] || fail "systemd did not start: $(cat "$WORK/boot.log")"
in_ns() { nsenter -t "$systemd_pid" -a "$@"; }
cleanup() {
  in_ns systemctl poweroff >/dev/null 2>&1 || true
  for _ in $(seq 50); do kill -0 "$systemd_pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$systemd_pid" 2>/dev/null || true
  wait "$unshare_pid" 2>/dev/null || true
  # systemd leaves its empty init.scope in the host's cgroup2 tree (the namespace's root).
  for cg in /sys/fs/cgroup/unified/init.scope /sys/fs/cgroup/init.scope; do
    [ -d "$cg" ] && [ ! -s "$cg/cgroup.procs" ] && rmdir "$cg" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

for _ in $(seq 100); do [ "$(in_ns systemctl is-active stint 2>/dev/null)" = active ] && break; sleep 0.2; done
[ "$(in_ns systemctl is-active stint)" = active ] || { in_ns systemctl status stint --no-pager || true; fail "stint.service is not active"; }
pass "systemd $(in_ns systemctl --version | head -1 | awk '{print $2}') started stint.service"
for _ in $(seq 50); do in_ns curl -fs http://127.0.0.1:8080/healthz >/dev/null && break; sleep 0.2; done
[ "$(in_ns curl -s http://127.0.0.1:8080/healthz)" = '{"status":"ok"}' ] && pass "GET /healthz: 200 ok" || fail "/healthz"
pid=$(in_ns systemctl show -p MainPID --value stint)
status=$(in_ns cat "/proc/$pid/status")
uid=$(echo "$status" | awk '/^Uid:/ {print $2}')
[ "$uid" -ge 61184 ] && [ "$uid" -le 65519 ] && pass "runs as a dynamic user (uid $uid)" || fail "uid $uid"
echo "$status" | grep -q '^CapEff:	0000000000000000' && echo "$status" | grep -q '^CapBnd:	0000000000000000' && pass "no capabilities, empty bounding set" || fail "capabilities"
echo "$status" | grep -q '^NoNewPrivs:	1' && echo "$status" | grep -q '^Seccomp:	2' && pass "no_new_privs and a seccomp filter" || fail "no_new_privs/seccomp"
in_ns sh -c '[ "$(stat -c %a /var/lib/private/stint)" = 700 ] && [ "$(stat -c %a /var/lib/private/stint/audit/audit.jsonl)" = 600 ] && [ "$(stat -c %U /var/lib/private/stint/keys)" = stint ]' \
  && pass "state in /var/lib/private/stint (0700), audit log 0600, owned by the dynamic user" || fail "state directory"
exposure=$(in_ns systemd-analyze security stint.service --no-pager | tail -1)
pass "online: $exposure"
kid=$(in_ns curl -s http://127.0.0.1:8080/.well-known/jwks.json | grep -o '"kid":"[^"]*"')
in_ns systemctl restart stint
for _ in $(seq 50); do in_ns curl -fs http://127.0.0.1:8080/healthz >/dev/null && break; sleep 0.2; done
[ "$(in_ns curl -s http://127.0.0.1:8080/.well-known/jwks.json | grep -o '"kid":"[^"]*"')" = "$kid" ] && pass "restart keeps its key" || fail "key changed on restart"
in_ns systemctl start dbus.socket
in_ns systemd-run --wait -q -p DynamicUser=yes -p User=stint -p StateDirectory=stint -p StateDirectoryMode=0700 \
  /usr/bin/node /opt/stint/dist/cli/index.js keys rotate --config /etc/stint/stint.yml && pass "keys rotate as the service's dynamic user (systemd-run)" || fail "systemd-run keys rotate"
for _ in $(seq 50); do [ "$(in_ns curl -s http://127.0.0.1:8080/.well-known/jwks.json | grep -o '"kid"' | wc -l)" = 2 ] && break; sleep 0.2; done
[ "$(in_ns curl -s http://127.0.0.1:8080/.well-known/jwks.json | grep -o '"kid"' | wc -l)" = 2 ] && pass "the running broker publishes the new key without a restart" || fail "new key not published"
in_ns systemctl stop stint
[ "$(in_ns systemctl is-active stint || true)" = inactive ] && in_ns journalctl -u stint --no-pager | grep -q 'stint broker stopped' && pass "systemctl stop: stopped cleanly" || fail "stop"

# HTTPS through the tls.conf drop-in: a root-only (0600) certificate and key, passed as credentials.
# First, whether this systemd passes credentials at all: booted in namespaces as above, systemd
# 252 leaves every unit's $CREDENTIALS_DIRECTORY empty (even root's, even SetCredential=).
if [ "$(in_ns systemd-run --wait --pipe -q -p SetCredential=probe:yes sh -c 'cat "$CREDENTIALS_DIRECTORY/probe"' 2>/dev/null)" != yes ]; then
  echo "skip tls.conf: this systemd passes no credentials to any unit here (SetCredential= probe), so LoadCredential= cannot be checked"
else
cert() { in_ns sh -c "cd /etc/stint/tls && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=$1 -keyout privkey.pem -out fullchain.pem 2>/dev/null && chmod 0600 privkey.pem fullchain.pem"; }
served() { in_ns sh -c 'openssl s_client -connect 127.0.0.1:8443 </dev/null 2>/dev/null | openssl x509 -noout -subject'; }
in_ns mkdir -p /etc/stint/tls && cert first
in_ns install -D -m 0644 /root/stint-tls.conf /etc/systemd/system/stint.service.d/tls.conf
in_ns systemctl daemon-reload && in_ns systemctl start stint
for _ in $(seq 50); do in_ns curl -fsk https://127.0.0.1:8443/livez >/dev/null && break; sleep 0.2; done
[ "$(in_ns curl -sk https://127.0.0.1:8443/livez)" = '{"status":"ok"}' ] && served | grep -q 'CN *= *first' \
  && pass "tls.conf: HTTPS on 8443 with the root-only 0600 key read through LoadCredential" || { in_ns journalctl -u stint --no-pager | tail -5; fail "tls.conf"; }
cert second
in_ns systemctl reload stint
for _ in $(seq 50); do in_ns journalctl -u stint --no-pager | grep -q '"msg":"reloaded ' && break; sleep 0.2; done
served | grep -q 'CN *= *first' && pass "after renewing, reload serves the copies made at start (credentials are copied at start)" || fail "reload picked up the renewed certificate: deploy/systemd/tls.conf says it does not"
in_ns systemctl restart stint
for _ in $(seq 50); do in_ns curl -fsk https://127.0.0.1:8443/livez >/dev/null && break; sleep 0.2; done
served | grep -q 'CN *= *second' && pass "restart serves the renewed certificate" || fail "restart did not pick up the renewed certificate"
fi
echo "systemd: all checks passed"
