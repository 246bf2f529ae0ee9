#!/usr/bin/env bash
# Packs test/bench/gpu-steps.ts for a GPU machine that has a driver but no Node and no Vulkan
# loader: one esbuild bundle, Node and Dawn gzipped, libvulkan.so.1, the presets (about 52 MB).
# Run there: cd DIR && ./run.sh [webgpu|wasm|torch]   (DIR defaults to .cache/gpu-bundle; VK_ICD_FILENAMES may
# be set; DEV_MODELS picks models; `torch` runs the same models in PyTorch on CUDA, the reference column)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-.cache/gpu-bundle}"
rm -rf "$out" && mkdir -p "$out/node_modules/webgpu/dist/linux-x64" "$out/node_modules/@tensorflow/tfjs-backend-webgpu" "$out/lib"
npx esbuild test/bench/gpu-steps.ts --bundle --platform=node --format=esm --target=node20 \
  --outfile="$out/gpu-steps.mjs" --external:webgpu --external:@tensorflow/tfjs-node --external:@tensorflow/tfjs-node-gpu \
  --banner:js="import { createRequire as __cr } from 'module'; import { fileURLToPath as __fu } from 'url'; const require = __cr(import.meta.url); const __dirname = __fu(new URL('.', import.meta.url));" --log-level=warning
# tfjs' wasm backend reads its binaries from beside the bundle (__dirname above)
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm{,-simd}.wasm "$out/"
cp node_modules/webgpu/index.js node_modules/webgpu/package.json "$out/node_modules/webgpu/"
gzip -6 -c node_modules/webgpu/dist/linux-x64/dawn.node > "$out/node_modules/webgpu/dist/linux-x64/dawn.node.gz"
# the engine loads tfjs' webgpu backend by a name at run time; the bundle already holds it
echo '{"name":"@tensorflow/tfjs-backend-webgpu","type":"module","main":"index.mjs"}' > "$out/node_modules/@tensorflow/tfjs-backend-webgpu/package.json"
echo 'export const WebGPUBackend = globalThis.__DW_TFWEBGPU.WebGPUBackend' > "$out/node_modules/@tensorflow/tfjs-backend-webgpu/index.mjs"
cp "$(readlink -f /usr/lib/x86_64-linux-gnu/libvulkan.so.1)" "$out/lib/libvulkan.so.1"
mkdir -p "$out/presets" && cp presets/{lenet,resnet18,transformer-encoder,unetpp}.json "$out/presets/"
# the PyTorch reference column: each preset's exported model.py (weights left out: torch's own init will do)
cp test/bench/torch_gpu.py test/bench/torch_bench.py "$out/"
for p in lenet resnet18 transformer-encoder unetpp; do
  node bin/deepwire.mjs export "presets/$p.json" --format pytorch --out "$out/torch-models/$p" >/dev/null
  rm -f "$out/torch-models/$p/"{weights.npz,train.py,data.py}
done
gzip -1 -c "$(command -v node)" > "$out/node.gz"
cat > "$out/run.sh" <<'RUN'
#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")"
[ -x /tmp/dw-node ] || { gunzip -c node.gz > /tmp/dw-node && chmod +x /tmp/dw-node; }
[ -f node_modules/webgpu/dist/linux-x64/dawn.node ] || gunzip -k node_modules/webgpu/dist/linux-x64/dawn.node.gz
export LD_LIBRARY_PATH="$PWD/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" DEEPWIRE_PRESETS="$PWD/presets"
if [ -z "${VK_ICD_FILENAMES:-}" ] && [ -f /usr/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_ICD_FILENAMES=/usr/share/vulkan/icd.d/nvidia_icd.json
fi
if [ "${1:-webgpu}" = torch ]; then
  exec python3 torch_gpu.py presets torch-models "${DEV_MODELS:-[[\"lenet\",256,10],[\"resnet18\",32,4],[\"resnet18\",128,3],[\"transformer-encoder\",64,10],[\"unetpp\",8,4]]}" cuda
fi
/tmp/dw-node gpu-steps.mjs "${1:-webgpu}"
RUN
chmod +x "$out/run.sh"
du -sh "$out"
