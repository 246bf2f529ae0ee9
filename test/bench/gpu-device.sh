#!/usr/bin/env bash
# The GPU benchmark on a machine with a real GPU: prints the adapters found, then training
# samples/s on webgpu next to wasm (LeNet, ResNet-18 at 96×96, Transformer encoder, UNet++) and
# the ratio webgpu ÷ wasm. Needs the GPU's driver (on Linux a Vulkan driver and libvulkan1).
# Usage: test/bench/gpu-device.sh            full sizes
#        BENCH_GPU_SIZE=tiny test/bench/gpu-device.sh   one step of batch 2 per model (smoke)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d node_modules ] || ELECTRON_SKIP_BINARY_DOWNLOAD=1 ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
node bin/deepwire.mjs devices
if ! node bin/deepwire.mjs devices --json | node -e 'process.exit(JSON.parse(require("fs").readFileSync(0, "utf8")).auto === "webgpu" ? 0 : 1)'; then
  echo "no hardware WebGPU adapter: the webgpu column will say why (see 'not used' above)" >&2
fi
npx tsx test/bench/compare.ts gpu
