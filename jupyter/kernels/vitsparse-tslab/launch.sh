#!/bin/sh
# Starts the vitsparse TypeScript kernel (tslab) with the repository root as working directory, so that
# notebook imports (./lib/...) and data paths resolve exactly as in `npm run reproduce`.
# Jupyter runs: /bin/sh {resource_dir}/launch.sh {connection_file}
set -e
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$ROOT"
exec node --import tsx lib/notebook/kernel-main.ts "$1"
