#!/usr/bin/env bash
# `npm start`, the README's first command: from a clone on Debian 12 with Node 20 and npm, the whole stack at 100%.
# It installs what is missing (a compiler toolchain, the dependencies, the build, the Docker engine), runs the stack
# on the default images where this engine has them or can pull them, and otherwise on images it builds here from
# Debian packages and Maven jars (`npm run lab`, examples/offline), then brings it to 100% with `rocketctl up` and
# `rocketctl checklist --resume`. Idempotent: a second run finds everything in place and changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
started=$SECONDS
say() { printf 'start: %s\n' "$*" >&2; }
fail() {
  printf 'start: error: %s\nstart: fix: %s\n' "$1" "$2" >&2
  exit 1
}
# Root for apt and the engine: itself, or through sudo.
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

[ -x /usr/bin/apt-get ] || fail 'apt-get not found' 'run this on Debian 12 (bookworm), or install the packages named in the README by hand'
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' ||
  fail "Node $(node --version) is too old" 'install Node.js 20 or newer'

# The native ZooKeeper client is compiled at install time.
missing=()
for bin in make g++ python3; do command -v "$bin" >/dev/null || missing+=("$bin"); done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing a compiler toolchain (missing: ${missing[*]})"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq build-essential python3 >/dev/null
fi

# Dependencies when the lockfile is newer than what npm installed; the build when any source is newer than it.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say 'installing the dependencies (npm ci)'
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ ! -f dist/.built ] || [ -n "$(find src test bench templates assets package.json tsconfig.json tsconfig.configs.json -newer dist/.built -print -quit)" ]; then
  say 'building (npm run build)'
  npm run --silent build
  touch dist/.built
fi
rocketctl() { node "$repo/bin/rocketctl.js" "$@"; }

# The Docker engine: Debian's, started by systemd where it runs, else in the background.
if ! command -v docker >/dev/null || [ ! -x /usr/sbin/dockerd ]; then
  say "installing Debian's Docker engine (docker.io)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io >/dev/null
fi
if ! timeout 20 docker info >/dev/null 2>&1; then
  say 'starting the Docker engine'
  if [ -d /run/systemd/system ]; then
    as_root systemctl start docker
  else
    as_root mkdir -p /var/log/rocketctl
    as_root sh -c 'nohup /usr/sbin/dockerd >>/var/log/rocketctl/dockerd.log 2>&1 &'
  fi
  for _ in $(seq 60); do timeout 5 docker info >/dev/null 2>&1 && break; sleep 1; done
  timeout 5 docker info >/dev/null 2>&1 || fail 'the Docker engine did not start within 60 s' 'read /var/log/rocketctl/dockerd.log (or `journalctl -u docker`)'
fi

# The default images where they are here or can be pulled; else images built here, and the config that uses them.
images=$(node --input-type=module -e "
  const { loadConfig } = await import('$repo/dist/src/config/load.js');
  const config = await loadConfig({ cwd: '$repo', env: process.env });
  const names = Object.values(config.services).filter((s) => s.enabled).map((s) => s.image);
  console.log([...new Set([...names, config.images.workers ?? config.images.workersBase])].join('\n'));
")
project=$repo
for image in $images; do
  docker image inspect "$image" >/dev/null 2>&1 && continue
  say "pulling $image"
  if ! timeout 600 docker pull -q "$image" >/dev/null 2>&1; then
    say "$image can be neither found nor pulled here: building the stack's images from Debian packages and Maven jars instead"
    project=$repo/examples/offline
    break
  fi
done
# The lab's own entry, not `npm run lab`: that rebuilds dist/ first, and a second run would build for nothing.
[ "$project" = "$repo" ] || node dist/test/lab/cli.js

cd "$project"
rocketctl up
rocketctl checklist --resume
port=$(node --input-type=module -e "
  const { loadConfig } = await import('$repo/dist/src/config/load.js');
  const config = await loadConfig({ cwd: '$project', env: process.env });
  console.log(config.workers.telemetry.enabled ? \`http://\${config.bindAddress}:\${config.workers.telemetry.port}/\` : '');
")
here=$(realpath --relative-to="$repo" "$project")
run=$([ "$here" = . ] && echo 'node bin/rocketctl.js' || echo "(cd $here && node ../../bin/rocketctl.js")
close=$([ "$here" = . ] && echo '' || echo ')')
cat <<EOF

The stack is at 100% ($((SECONDS - started)) s), in $project
  dashboard:   ${port:-(the telemetry worker is off)}
  status:      $run status$close
  checklist:   $run checklist$close
  stop:        $run down$close                     # keeps the data; \`npm start\` brings it back
  remove all:  $run down --volumes --yes$close     # deletes the data volumes too
EOF
