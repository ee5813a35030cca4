#!/bin/sh
# Starts the vitsparse TypeScript kernel (tslab) with the repository root as working directory, so that
# notebook imports (./lib/...) and data paths resolve exactly as in `npm run reproduce`.
# Jupyter runs: /bin/sh {resource_dir}/launch.sh {connection_file}
set -e
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$ROOT"
# A fresh clone has no imported reference data yet: import it before the first kernel starts, as reproduce
# does (`npm run jupyter` does it before the server starts; this covers other ways of starting Jupyter).
# It says what it did on stderr (the server's log); when the data are unreachable the notebooks that need
# them stop with a one-line message naming `npm run data:import`.
if [ ! -d data/external ]; then
  echo "vitsparse kernel: data/external/ missing, importing the reference data (npm run data:import)" >&2
  node --import tsx scripts/data-import.ts >&2 || echo "vitsparse kernel: reference data not imported; notebooks that need them say so" >&2
fi
exec node --import tsx lib/notebook/kernel-main.ts "$1"
