#!/usr/bin/env bash
# A one-node Slurm for the tests that submit real jobs: `source .ci/slurm.sh start` installs
# Debian's slurmctld, slurmd, slurm-client and munge if missing, writes a configuration for this
# host under a scratch directory (proctrack/linuxproc, task/none: no cgroups needed), starts munged,
# slurmctld and slurmd, and exports SLURM_CONF; `.ci/slurm.sh stop DIR` stops them.
set -euo pipefail

start() {
    local packages=(slurmctld slurmd slurm-client munge) missing=() package
    for package in "${packages[@]}"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    local sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    if ((${#missing[@]})); then
        echo "ci: installing ${missing[*]}"
        # The package lists may be missing or stale when CI's own install step found nothing to do.
        DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get update -qq
        DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
    local dir
    dir=$(mktemp -d /tmp/msdb-slurm.XXXXXX)
    mkdir -p "$dir/state" "$dir/spool" "$dir/log" "$dir/munge"
    local host cpus memory
    host=$(hostname -s)
    cpus=$(nproc)
    memory=$(awk '/MemTotal/ {print int($2 / 1024 / 2)}' /proc/meminfo)
    cat >"$dir/slurm.conf" <<CONF
ClusterName=msdbci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ReturnToService=2
MpiDefault=none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=ci Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
    # munged: its own socket and pid under the scratch directory, the package's key.
    "${sudo_cmd[@]}" munged --force --socket="$dir/munge/munge.socket" --pid-file="$dir/munge/munged.pid" \
        --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed"
    echo "AuthInfo=socket=$dir/munge/munge.socket" >>"$dir/slurm.conf"
    export SLURM_CONF="$dir/slurm.conf"
    "${sudo_cmd[@]}" slurmctld -f "$SLURM_CONF"
    "${sudo_cmd[@]}" slurmd -f "$SLURM_CONF"
    local tries=0
    until sinfo --noheader --states=idle 2>/dev/null | grep -q idle; do
        tries=$((tries + 1))
        if ((tries > 60)); then
            echo "ci: Slurm did not come up; logs in $dir/log" >&2
            tail -n 20 "$dir"/log/*.log >&2 || true
            return 1
        fi
        sleep 1
    done
    export MSDB_SLURM_DIR="$dir"
    echo "ci: Slurm up ($SLURM_CONF)"
}

stop() {
    local dir=$1 file
    for file in slurmd.pid slurmctld.pid munge/munged.pid; do
        [ -f "$dir/$file" ] && kill "$(cat "$dir/$file")" 2>/dev/null || true
    done
    sleep 1
    rm -rf "$dir"
}

case "${1:-}" in
start) start ;;
stop) stop "$2" ;;
*) echo "usage: source .ci/slurm.sh start | .ci/slurm.sh stop DIR" >&2; exit 2 ;;
esac
