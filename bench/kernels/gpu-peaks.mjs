// Known GPUs' peak arithmetic rates for "fraction of peak" in the WebGPU benchmarks
// (webgpu.mjs in Chromium, webgpu-node.mjs in node with Dawn). TFLOP/s without tensor cores:
// WGSL arithmetic runs on the shader ALUs (WebGPU has no tensor-core matmul); fp16 is the
// packed-half (non-tensor) rate. Matched against the adapter's description.
export const KNOWN_PEAKS = [
  { match: /H200/i, name: 'NVIDIA H200 SXM', fp32: 66.9, fp16: 133.8,
    source: 'same GH100 chip and clocks as the H100 SXM5 (NVIDIA H200 datasheet: FP32 67 TFLOPS); figures as for H100 SXM5' },
  { match: /H100(?!.*PCIe)/i, name: 'NVIDIA H100 SXM5', fp32: 66.9, fp16: 133.8,
    source: 'NVIDIA H100 Tensor Core GPU Architecture whitepaper (2022), H100 SXM5: peak FP32 (non-Tensor) 66.9, FP16 (non-Tensor) 133.8 TFLOPS' },
  { match: /A100/i, name: 'NVIDIA A100 SXM4', fp32: 19.5, fp16: 78,
    source: 'NVIDIA A100 Tensor Core GPU Architecture whitepaper (2020), table 1: peak FP32 19.5, FP16 (non-Tensor) 78 TFLOPS' },
  { match: /RTX 4090/i, name: 'NVIDIA GeForce RTX 4090', fp32: 82.6, fp16: 82.6,
    source: 'NVIDIA Ada GPU Architecture whitepaper (2022), appendix A, RTX 4090: peak FP32 82.6, FP16 (non-Tensor) 82.6 TFLOPS' },
];

// The peaks for an adapter: command-line figures win, then the table; 0 = unknown.
export function peaksFor(description, { fp32 = 0, fp16 = 0 } = {}) {
  const known = KNOWN_PEAKS.find((p) => p.match.test(description || ''));
  return {
    fp32: fp32 || known?.fp32 || 0,
    fp16: fp16 || known?.fp16 || 0,
    source: fp32 ? 'from the command line' : known ? `${known.name}: ${known.source}` : '',
  };
}
