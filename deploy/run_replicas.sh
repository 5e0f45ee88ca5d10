#!/usr/bin/env bash
# Two GRU Lab replicas behind nginx (deploy/nginx.conf), on loopback.
#
#   deploy/run_replicas.sh            # replicas on 8501 and 8502, nginx on 8080
#   GRULAB_PORTS="9501 9502" GRULAB_PROXY_PORT=9080 deploy/run_replicas.sh
#
# Open http://127.0.0.1:8080 (or put a public `listen` in nginx.conf for a
# class). Extra `streamlit run` flags for both replicas: GRULAB_STREAMLIT_FLAGS;
# another script than app.py: GRULAB_APP.
# Ctrl-C (or SIGTERM) stops nginx and both replicas. Needs nginx
# (apt-get install -y nginx); runs without root, files under $GRULAB_NGINX_PREFIX.
set -euo pipefail
cd "$(dirname "$0")/.."

read -r -a ports <<<"${GRULAB_PORTS:-8501 8502}"
proxy_port="${GRULAB_PROXY_PORT:-8080}"
prefix="${GRULAB_NGINX_PREFIX:-$(mktemp -d /tmp/gru-lab-nginx.XXXXXX)}"
python="${PYTHON:-python}"
app="${GRULAB_APP:-app.py}"
read -r -a flags <<<"${GRULAB_STREAMLIT_FLAGS:-}"

if ! command -v nginx >/dev/null 2>&1 && [[ ! -x /usr/sbin/nginx ]]; then
  echo "nginx is not installed (apt-get install -y nginx)" >&2
  exit 2
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
if [[ ${#ports[@]} -ne 2 ]]; then
  echo "GRULAB_PORTS needs two ports, got: ${ports[*]}" >&2
  exit 2
fi

pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

# The config with this run's ports (the file itself keeps 8501, 8502, 8080).
mkdir -p "$prefix/logs" "$prefix/tmp"
sed -e "s/127\.0\.0\.1:8501;/127.0.0.1:${ports[0]};/" \
    -e "s/127\.0\.0\.1:8502;/127.0.0.1:${ports[1]};/" \
    -e "s/listen 127\.0\.0\.1:8080;/listen 127.0.0.1:${proxy_port};/" \
    deploy/nginx.conf >"$prefix/nginx.conf"

for port in "${ports[@]}"; do
  "$python" -m streamlit run "$app" \
    --server.headless true --server.address 127.0.0.1 --server.port "$port" \
    --browser.gatherUsageStats false --server.fileWatcherType none \
    --global.developmentMode false "${flags[@]}" &
  pids+=("$!")
done
printf '%s\n' "${pids[@]}" >"$prefix/replica.pids"  # for load_classroom.py's memory readings

# Wait (bounded) for both replicas to answer their health check.
for port in "${ports[@]}"; do
  for _ in $(seq 1 120); do
    if [[ "$(curl -fsS "http://127.0.0.1:$port/_stcore/health" 2>/dev/null || true)" == ok ]]; then
      break
    fi
    sleep 0.5
  done
done

"$nginx_bin" -p "$prefix" -c "$prefix/nginx.conf" -g 'daemon off;' &
pids+=("$!")
echo "GRU Lab: http://127.0.0.1:${proxy_port}/ (replicas on ${ports[*]}, nginx prefix $prefix)"
wait -n "${pids[@]}"
