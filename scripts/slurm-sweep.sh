#!/usr/bin/env bash
# End-to-end check that a geosim sweep sharded over a Slurm array job merges into
# exactly the unsharded output.
#
# It brings up a throwaway single-node Slurm cluster (munged + slurmctld + slurmd,
# started directly -- no systemd, no cgroups) with every file under a temp dir,
# submits a 4-task array job whose tasks each run one shard of a small sweep,
# merges the shards with `geosim merge`, runs the same sweep unsharded and compares
# rows.jsonl, rows.csv and summary.csv byte for byte. Prints PASS or FAIL (exit 0/1).
# Every daemon it started is stopped by pid on exit, whatever happens.
#
# Needs root (it installs slurm-wlm and munge with apt-get if they are missing,
# and slurmd runs jobs as root here). The system munge/slurm services and
# /etc/munge, /etc/slurm are not used or changed: munged gets its own key and
# socket, Slurm its own slurm.conf (via SLURM_CONF) under the temp dir.
#
# Environment:
#   GEOSIM          geosim binary [<repo>/.build/release/geosim]
#   WORKDIR         where to put everything [a new mktemp -d dir]
#   KEEP_WORKDIR=1  keep WORKDIR afterwards (logs, shards, outputs) [removed on PASS]
#   SHARDS          array tasks / shards [4]
#   SLURMCTLD_PORT, SLURMD_PORT   TCP ports [16817, 16818]
#   SWEEP_ARGS      the sweep (run flags + --vary + --replicates)
#                   [--topology us-east,us-west,eu-central --duration 5s
#                    --vary rate=500,1000,2000 --vary leader=us-east,eu-central
#                    --replicates 2]
#   TIMEOUT         seconds to wait for the node / the job [120 / 600]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

GEOSIM="${GEOSIM:-$repo/.build/release/geosim}"
SHARDS="${SHARDS:-4}"
SLURMCTLD_PORT="${SLURMCTLD_PORT:-16817}"
SLURMD_PORT="${SLURMD_PORT:-16818}"
NODE_TIMEOUT="${TIMEOUT:-120}"
JOB_TIMEOUT="${TIMEOUT:-600}"
SWEEP_ARGS="${SWEEP_ARGS:---topology us-east,us-west,eu-central --duration 5s --vary rate=500,1000,2000 --vary leader=us-east,eu-central --replicates 2}"
read -r -a sweep_args <<<"$SWEEP_ARGS"

log() { printf '[slurm-sweep] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; echo "FAIL"; exit 1; }

# ---------------------------------------------------------------- prerequisites
[[ $(id -u) -eq 0 ]] || die "run as root (apt-get, and slurmd is configured with SlurmdUser=root)"
if [[ ! -x "$GEOSIM" ]]; then
  log "building geosim ($GEOSIM missing)"
  (cd "$repo" && swift build -c release) || die "swift build failed"
fi
[[ -x "$GEOSIM" ]] || die "geosim binary not found at $GEOSIM (set GEOSIM=...)"
GEOSIM="$(cd "$(dirname "$GEOSIM")" && pwd)/$(basename "$GEOSIM")"

need_install=()
for cmd in munged mungekey; do command -v "$cmd" >/dev/null || { need_install+=(munge); break; }; done
for cmd in slurmctld slurmd sbatch sinfo scontrol; do
  command -v "$cmd" >/dev/null || { need_install+=(slurm-wlm); break; }
done
if ((${#need_install[@]})); then
  log "installing ${need_install[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${need_install[@]}" >/dev/null \
    || die "apt-get install ${need_install[*]} failed"
fi
for cmd in munged slurmctld slurmd sbatch sinfo scontrol scancel; do
  command -v "$cmd" >/dev/null || die "$cmd not found after installing slurm-wlm and munge"
done

# ---------------------------------------------------------------- temp dir + cleanup
WORKDIR="${WORKDIR:-$(mktemp -d /tmp/geosim-slurm.XXXXXX)}"
mkdir -p "$WORKDIR"
chmod 700 "$WORKDIR"
WORKDIR="$(cd "$WORKDIR" && pwd)"
mkdir -p "$WORKDIR"/{munge,slurm/state,slurm/spool,logs,sharded,unsharded}
log "work dir: $WORKDIR"

munged_pid="" slurmctld_pid="" slurmd_pid="" sbatch_pid="" job_id="" result="FAIL"

stop_pid() { # name pid: TERM, wait up to 15 s, then KILL
  local name="$1" pid="$2" i
  [[ -n "$pid" ]] || return 0
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name (pid $pid) still running; sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$? i
  set +e
  trap - EXIT INT TERM
  if [[ -n "$job_id" && -n "$slurmctld_pid" ]] && kill -0 "$slurmctld_pid" 2>/dev/null; then
    # No-op if the job is done; if we were interrupted it ends the tasks (and their
    # slurmstepd) before slurmd goes away.
    scancel "$job_id" 2>/dev/null
    for ((i = 0; i < 30; i++)); do
      [[ -z "$(squeue -h -j "$job_id" -t PENDING,RUNNING,SUSPENDED,COMPLETING -o %i 2>/dev/null)" ]] && break
      sleep 0.5
    done
  fi
  stop_pid "sbatch --wait" "$sbatch_pid"
  # slurmd first (it ends any job steps it still tracks), then the controller, then munge.
  stop_pid slurmd "$slurmd_pid"
  stop_pid slurmctld "$slurmctld_pid"
  stop_pid munged "$munged_pid"
  if [[ "$result" == PASS && "${KEEP_WORKDIR:-0}" != 1 ]]; then
    rm -rf "$WORKDIR"
  else
    log "logs and outputs kept in $WORKDIR"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- munge (private key + socket)
munge_sock="$WORKDIR/munge/munge.socket"
munge_key="$WORKDIR/munge/munge.key"
if command -v mungekey >/dev/null; then
  mungekey --create --keyfile="$munge_key" --force >/dev/null 2>&1 \
    || dd if=/dev/urandom of="$munge_key" bs=1 count=1024 status=none
else
  dd if=/dev/urandom of="$munge_key" bs=1 count=1024 status=none
fi
chmod 600 "$munge_key"
log "starting munged"
# --force: munged otherwise refuses some setups (e.g. running as root, /tmp perms).
munged --foreground --force \
  --key-file="$munge_key" --socket="$munge_sock" \
  --pid-file="$WORKDIR/munge/munged.pid" --log-file="$WORKDIR/logs/munged.log" \
  --seed-file="$WORKDIR/munge/munged.seed" \
  >>"$WORKDIR/logs/munged.out" 2>&1 &
munged_pid=$!
for ((i = 0; i < 100; i++)); do [[ -S "$munge_sock" ]] && break; kill -0 "$munged_pid" 2>/dev/null || break; sleep 0.1; done
[[ -S "$munge_sock" ]] || { cat "$WORKDIR"/logs/munged.* >&2 2>/dev/null; die "munged did not start (see above)"; }
if command -v munge >/dev/null && command -v unmunge >/dev/null; then
  munge --socket="$munge_sock" -n | unmunge --socket="$munge_sock" >/dev/null \
    || die "munge credential round trip failed"
fi

# ---------------------------------------------------------------- slurm.conf
node="$(hostname -s)"
# The node line from `slurmd -C` (CPUs, sockets, cores, threads, RealMemory), renamed to $node.
node_hw="$(slurmd -C 2>/dev/null | sed -n 's/^NodeName=[^ ]* //p' | head -n1)"
[[ -n "$node_hw" ]] || node_hw="CPUs=$(nproc)"
export SLURM_CONF="$WORKDIR/slurm/slurm.conf"
cat >"$SLURM_CONF" <<EOF
# Throwaway single-node cluster for scripts/slurm-sweep.sh
ClusterName=geosim
SlurmctldHost=$node
SlurmctldPort=$SLURMCTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$munge_sock
StateSaveLocation=$WORKDIR/slurm/state
SlurmdSpoolDir=$WORKDIR/slurm/spool
SlurmctldPidFile=$WORKDIR/slurm/slurmctld.pid
SlurmdPidFile=$WORKDIR/slurm/slurmd.pid
SlurmctldLogFile=$WORKDIR/logs/slurmctld.log
SlurmdLogFile=$WORKDIR/logs/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# No systemd, no cgroups: track processes by parent pid, no task binding.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MailProg=/bin/true
InactiveLimit=0
KillWait=5
MinJobAge=300
SlurmctldTimeout=30
SlurmdTimeout=60
NodeName=$node $node_hw State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF

# ---------------------------------------------------------------- slurmctld + slurmd
log "starting slurmctld (host $node, port $SLURMCTLD_PORT)"
slurmctld -D -i -f "$SLURM_CONF" >>"$WORKDIR/logs/slurmctld.out" 2>&1 &
slurmctld_pid=$!
for ((i = 0; i < 100; i++)); do scontrol ping >/dev/null 2>&1 && break; kill -0 "$slurmctld_pid" 2>/dev/null || break; sleep 0.2; done
scontrol ping 2>/dev/null | grep -q UP \
  || { tail -n 30 "$WORKDIR"/logs/slurmctld.* >&2 2>/dev/null; die "slurmctld did not come up (see above)"; }

log "starting slurmd (node $node: $node_hw)"
slurmd -D -f "$SLURM_CONF" >>"$WORKDIR/logs/slurmd.out" 2>&1 &
slurmd_pid=$!

log "waiting for node $node to be idle"
state=""
for ((i = 0; i < NODE_TIMEOUT * 2; i++)); do
  kill -0 "$slurmd_pid" 2>/dev/null || break
  state="$(sinfo -h -N -n "$node" -o '%t' 2>/dev/null | head -n1 || true)"
  [[ "$state" == idle ]] && break
  sleep 0.5
done
if [[ "$state" != idle ]]; then
  tail -n 30 "$WORKDIR"/logs/slurmd.* >&2 2>/dev/null
  sinfo -N -l >&2 2>/dev/null || true
  die "node $node not idle (state '${state:-?}', see above)"
fi
sinfo >&2

# ---------------------------------------------------------------- the array job
job_script="$WORKDIR/sweep-array.sbatch"
{
  echo '#!/usr/bin/env bash'
  echo "#SBATCH --job-name=geosim-sweep"
  echo "#SBATCH --array=0-$((SHARDS - 1))"
  echo "#SBATCH --ntasks=1"
  echo "#SBATCH --cpus-per-task=1"
  echo "#SBATCH --output=$WORKDIR/logs/task-%A_%a.out"
  echo "#SBATCH --chdir=$WORKDIR"
  echo 'set -euo pipefail'
  echo '# The shard is chosen by geosim itself from SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN'
  echo '# and SLURM_ARRAY_TASK_COUNT; nothing else differs between the tasks.'
  echo 'echo "task $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_TASK_COUNT on $(hostname -s)"'
  printf 'exec %q sweep' "$GEOSIM"
  printf ' %q' "${sweep_args[@]}"
  printf ' --jobs "${SLURM_CPUS_PER_TASK:-1}" --out %q\n' "$WORKDIR/sharded"
} >"$job_script"
chmod +x "$job_script"

log "submitting ${SHARDS}-task array job"
sbatch_out="$WORKDIR/logs/sbatch.out"
# --parsable prints the job id as soon as it is submitted; --wait then blocks until every
# task has ended and exits non-zero if any failed.
set +e
timeout "$JOB_TIMEOUT" sbatch --parsable --wait "$job_script" >"$sbatch_out" 2>"$WORKDIR/logs/sbatch.err" &
sbatch_pid=$!
for ((i = 0; i < 100; i++)); do [[ -s "$sbatch_out" ]] && break; kill -0 "$sbatch_pid" 2>/dev/null || break; sleep 0.1; done
job_id="$(head -n1 "$sbatch_out" 2>/dev/null | cut -d';' -f1)"
log "job ${job_id:-?} submitted; waiting"
wait "$sbatch_pid"
sbatch_rc=$?
sbatch_pid=""
set -e
[[ -n "$job_id" ]] || job_id="$(head -n1 "$sbatch_out" 2>/dev/null | cut -d';' -f1)"
for f in "$WORKDIR"/logs/task-*.out; do [[ -e "$f" ]] && { log "--- $(basename "$f")"; sed 's/^/    /' "$f" >&2; }; done
if ((sbatch_rc != 0)); then
  cat "$WORKDIR/logs/sbatch.err" >&2
  scontrol -o show job "$job_id" 2>/dev/null \
    | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^(JobId|ArrayTaskId|JobState|ExitCode)=/) printf "%s ", $i; print "" }' >&2 || true
  die "array job ${job_id:-?} failed (sbatch --wait exit $sbatch_rc)"
fi
log "array job $job_id done; shards: $(cd "$WORKDIR/sharded" && echo shard-*)"

# ---------------------------------------------------------------- merge + unsharded + compare
"$GEOSIM" merge "$WORKDIR/sharded" --format text >"$WORKDIR/logs/merge.out" || die "geosim merge failed"
"$GEOSIM" sweep "${sweep_args[@]}" --out "$WORKDIR/unsharded" >"$WORKDIR/logs/unsharded.out" \
  || die "unsharded geosim sweep failed"

ok=1
for f in rows.jsonl rows.csv summary.csv; do
  if cmp "$WORKDIR/sharded/$f" "$WORKDIR/unsharded/$f"; then
    log "identical: $f ($(wc -l <"$WORKDIR/unsharded/$f") lines)"
  else
    ok=0
    log "DIFFERENT: $f"
  fi
done
log "merged summary:"; cat "$WORKDIR/logs/merge.out" >&2

if ((ok)); then
  result=PASS
  echo "PASS"
else
  echo "FAIL"
  exit 1
fi
