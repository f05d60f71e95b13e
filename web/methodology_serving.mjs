// Build step, part of methodology.mjs: the sections on how a request is served: continuous
// batching (time to first token, time per output token, the reply), the operating point, the
// serving engines (their fitted factors from `costlab list fields`), the measured ceilings
// (core/data/accelerators.json), speculative decoding / MTP and xDiT sequence parallelism.
import { esc } from './prerender.mjs';

const sig3 = (v) => (Number.isFinite(v) ? String(Number(v.toPrecision(3))) : 'n/a');
const ms = (s) => `${sig3(s * 1000)} ms`;

// The engines and their fitted factors: one row per preset, the factors read from the
// fields' defaults (assumptions.<engine>_speed / _overhead), the rows from the validation set.
const ENGINES = [
  ['text', 'vllm', 'vLLM', 'the text reference: PagedAttention (Kwon et al., SOSP 2023), the most common open stack'],
  ['text', 'sglang', 'SGLang', 'RadixAttention, overlapped scheduler (Zheng et al., NeurIPS 2024)'],
  ['text', 'trtllm', 'TensorRT-LLM', 'NVIDIA’s compiled engine, in-flight batching (MLPerf submissions, NVIDIA’s tables)'],
  ['image', 'diffusers', 'diffusers, eager', 'the image reference: PyTorch eager, one kernel at a time'],
  ['image', 'compiled', 'diffusers, compiled', '<code>torch.compile</code>, fused attention, dynamic fp8 (diffusers-torchao, flux-fast, OneDiff)'],
  ['image', 'tensorrt', 'TensorRT', 'NVIDIA TensorRT diffusion pipelines'],
  ['image', 'xdit', 'xDiT', 'one DiT image over several GPUs (below); eager kernels'],
];

function engineTable(fields, validation) {
  const def = new Map(fields.map((f) => [f.json_path, f.default]));
  const rows = new Map();
  for (const r of validation.rows) rows.set(r.engine, (rows.get(r.engine) || 0) + 1);
  const body = ENGINES.map(([workload, id, name, what]) => {
    const speed = def.get(`assumptions.${id}_speed`), over = def.get(`assumptions.${id}_overhead`);
    const fixed = id === 'vllm' || id === 'diffusers' ? '1 (reference)' : '1 (eager’s)';
    const f = (v) => (v === undefined ? fixed : esc(sig3(v)));
    return `<tr data-engine="${id}"><th scope="row">${esc(name)} <code>${id}</code></th><td>${workload}</td>` +
      `<td class="num">${f(speed)}</td><td class="num">${f(over)}</td>` +
      `<td class="num">${rows.get(id) || 0}</td><td class="what">${what}</td></tr>`;
  }).join('\n');
  const others = validation.rows.filter((r) => !ENGINES.some((e) => e[1] === r.engine));
  const otherNames = [...new Set(others.map((r) => r.engine))].sort();
  return { body, others: others.length, otherNames };
}

// The measured ceilings: every GPU with an achievable_* figure in the catalog.
function ceilingRows(accelerators) {
  const link = (src) => {
    const m = /https?:\/\/[^\s)]+/.exec(src || '');
    if (!m) return '';
    const u = new URL(m[0]);
    const gh = u.hostname === 'github.com' && u.pathname.split('/').filter(Boolean).slice(0, 2).join('/');
    return `<a href="${esc(m[0])}" rel="noopener">${esc(gh || u.hostname.replace(/^www\./, ''))}</a>`;
  };
  const cell = (peak, got) => (got ? `${esc(sig3(got.value))} <span class="src">of ${esc(sig3(peak))}, ` +
    `${Math.round((100 * Math.min(got.value, peak)) / peak)}%</span>` : '—');
  return accelerators.filter((a) => a.achievable_bf16_tflops || a.achievable_memory_bandwidth_gb_per_s).map((a) => {
    const bf16 = a.peak_tflops && a.peak_tflops.bf16 ? a.peak_tflops.bf16.value : NaN;
    const bw = a.memory_bandwidth_gb_per_s ? a.memory_bandwidth_gb_per_s.value : NaN;
    const c = a.achievable_bf16_tflops, m = a.achievable_memory_bandwidth_gb_per_s;
    return `<tr data-gpu="${esc(a.id)}"><th scope="row">${esc(a.name)}</th>` +
      `<td class="num">${cell(bf16, c)}</td><td class="num">${cell(bw, m)}</td>` +
      `<td>${[c && link(c.source), m && link(m.source)].filter(Boolean).join(', ')}</td></tr>`;
  }).join('\n');
}

export const SERVING_TOC = `<li><a href="#batching">Continuous batching: first token, pace, the reply</a></li>
<li><a href="#operating-point">The operating point</a></li>
<li><a href="#engines">Serving engines</a></li>
<li><a href="#ceilings">Measured ceilings</a></li>
<li><a href="#speculative">Speculative decoding and MTP</a></li>
<li><a href="#xdit">One image over several GPUs (xDiT)</a></li>`;

export function servingSections({ fields, validation, report, accelerators }) {
  const t = report.text;
  const def = new Map(fields.map((f) => [f.json_path, f.default]));
  const engines = engineTable(fields, validation);
  return `<section id="batching">
<h2>Continuous batching: the first token, the pace, the reply</h2>
<p>Every current serving engine (vLLM, SGLang, TensorRT-LLM) batches continuously: a request does not wait for a
batch to form and finish together, it joins a running batch of <var>B</var> − 1 others, and its prompt is cut into
chunks of at most <code>prefill_chunk_tokens</code> (the engine’s token budget per step) that ride along with the
others’ decode steps (Sarathi-Serve, Agrawal et al., OSDI 2024; the paged KV cache that lets sequences come and go is
vLLM’s PagedAttention, Kwon et al., SOSP 2023). One step model serves both the replica and the request:</p>
<pre class="eq">TPOT       = (prefill(B n) + d × step(B)) / d    time per output token: the batch's work per token
throughput = B / TPOT                            tokens per second of the replica
TTFT       = request_overhead_s + TPOT / 2       time to first token: the step under way
             + prompt wait                       M/D/1 on the budget: load (B − 1) n / (d budget)
             + Σ chunks step(chunk + B − 1)      its own prompt, each chunk beside B − 1 decodes
reply      = TTFT + (d − 1) × TPOT               a reply's latency</pre>
<p>So a long prompt delays only its own first token, and a large batch slows every token a little rather than
holding a request until the whole batch is done. With the defaults a chat reply’s first token comes after
<strong data-ttft="${t.time_to_first_token_s}">${esc(ms(t.time_to_first_token_s))}</strong> and then one every
<strong data-tpot="${t.time_per_output_token_s}">${esc(ms(t.time_per_output_token_s))}</strong>
(${esc(sig3(1 / t.time_per_output_token_s))} tokens/s per user) at a batch of ${esc(String(t.effective_batch ?? t.batch))}.
The static batch of older benchmarks, every prompt prefilled together and then <var>d</var> steps, is kept only to
compare with the sources that measured it (<code>static_batch_latency_s</code> in the validation set). Under load the
queue’s wait adds to the first token (<a href="#queue">Waiting under load</a>).</p>
</section>

<section id="operating-point">
<h2>The operating point</h2>
<p>A bigger batch is cheaper per token and slower per user. The default text batch, <code>max</code>, is the
largest <var>B</var> that fits in memory and still keeps every user at <code>text.min_tokens_per_s_per_user</code>
(default ${esc(sig3(def.get('text.min_tokens_per_s_per_user')))} tokens/s, MLPerf Inference v5.0’s Interactive limit
of a 40 ms time per output token):</p>
<pre class="eq">B = the largest batch with  weights + B (n + d/2) kv + one chunk's activations
                              ≤ memory_usable_fraction × G × memory
                      and  1 / TPOT(B) ≥ min_tokens_per_s_per_user</pre>
<p>0 lifts the speed target (the largest batch that fits); a number is used as given. A requested batch above what
fits runs at the largest that fits, as an engine admits what its KV cache holds and queues the rest: the report’s
<code>effective_batch</code> says so, with a warning.</p>
</section>

<section id="engines">
<h2>Serving engines</h2>
<p>The engine is an input (<code>text.engine</code>, <code>image.engine</code>, <code>--engine</code>;
<code>core/src/engine.cpp</code>). vLLM and eager diffusers are the references; every other preset carries two fitted
factors: a <em>speed</em> that multiplies the compute and bandwidth utilizations (capped at 0.98) and an
<em>overhead</em> factor that multiplies the per-step and per-request overheads. Each pair is fitted only on the
validation rows that engine ran; an engine with no rows keeps the reference’s factors.</p>
<div class="table-wrap">
<table id="engines-table" class="calibration">
<caption>Serving engines: fitted speed and overhead factors (the defaults), and the validation rows each was fitted on.</caption>
<thead><tr><th scope="col">Engine</th><th scope="col">Workload</th><th scope="col">Speed ×</th><th scope="col">Overheads ×</th><th scope="col">Rows</th><th scope="col">What it stands for</th></tr></thead>
<tbody>
${engines.body}
</tbody>
</table>
</div>
<p>${engines.others} validation rows ran on engines costlab does not model (${esc(engines.otherNames.join(', '))}); they
are predicted with the reference engine, which is what a user bringing a new engine sees.</p>
</section>

<section id="ceilings">
<h2>Measured ceilings</h2>
<p>A datasheet’s peak is a clock-rate product no kernel reaches. Every GPU in the catalog with a published
measurement carries its <em>achievable</em> dense matmul rate (the best large GEMM a public test reached: Stas Bekman’s
maximum-achievable-matmul tables, community torch matmul tables, Azure’s AI benchmarking guide) and its achievable
memory bandwidth (BabelStream or gpu-stream triad), as <code>achievable_*</code> fields with their sources
(<code>core/data/README.md</code>). The utilizations above multiply these ceilings, not the datasheet, and power
follows their use. A precision without its own measurement takes the 16-bit fraction; a chip with none runs at its
datasheet; a measurement above the datasheet (GeForce boost clocks) counts as the datasheet.</p>
<div class="table-wrap">
<table id="ceilings-table" class="calibration">
<caption>Measured ceilings in the catalog: BF16 dense matmul (TFLOP/s) and memory bandwidth (GB/s), against the datasheet.</caption>
<thead><tr><th scope="col">GPU</th><th scope="col">BF16 matmul</th><th scope="col">Memory bandwidth</th><th scope="col">Measured by</th></tr></thead>
<tbody>
${ceilingRows(accelerators)}
</tbody>
</table>
</div>
</section>

<section id="speculative">
<h2>Speculative decoding and multi-token prediction</h2>
<p>A drafter proposes <var>k</var> tokens; the target model checks all of them in one pass and keeps the longest
accepted prefix plus one token of its own. With each drafted token accepted with probability <var>α</var>
(independently), a step emits on average (Leviathan, Kalman and Matias, ICML 2023):</p>
<pre class="eq">tokens per step = (1 − α^(k+1)) / (1 − α)
step            = one target pass over B (1 + k) tokens
                  + k passes of the drafter (one layer and the output head)
TPOT            = step / tokens per step</pre>
<p><code>text.speculative</code> is <code>on</code>, <code>off</code> or <code>model_default</code>, with
<code>text.spec_draft_tokens</code> (<var>k</var>, default ${esc(String(def.get('text.spec_draft_tokens')))}) and
<code>text.spec_acceptance</code> (<var>α</var>, default ${esc(sig3(def.get('text.spec_acceptance')))}). The default uses it
only where the model ships multi-token-prediction modules (DeepSeek-V3 and R1: one module; the DeepSeek-V3 report,
§5.4.3, measures an 85–90% acceptance of the second token), and only where it shortens the time per token at that
batch: at a large batch the verification’s extra tokens cost compute that a memory-bound step had spare at batch 1.
The report gives <code>tokens_per_decode_step</code>.</p>
</section>

<section id="xdit">
<h2>One image over several GPUs (xDiT)</h2>
<p>By default one image runs on one GPU and more GPUs serve more images (data parallel). With
<code>image.engine = xdit</code> one diffusion-transformer image is split over <code>image.gpus</code> GPUs by sequence
parallelism (xDiT, Fang et al., arXiv:2411.01738, 2024): each GPU computes 1/G of the latent tokens of every pass and
holds every weight; Ulysses attention (DeepSpeed Ulysses, Jacobs et al., arXiv:2309.14509, 2023) swaps the split from
tokens to heads and back with four all-to-alls per block, as for video:</p>
<pre class="eq">pass on G GPUs = pass on one GPU at N / G tokens
                 + 4 × blocks × all-to-all( (G − 1)/G × (N / G) × d activations )
GPU-seconds    = G × latency     (latency falls; GPU time and energy per image rise)</pre>
<p>The xDiT rows of the validation set (FLUX.1-dev on 1–4 H100s, HunyuanVideo on 1–8) fit it; UNets are not split.</p>
</section>`;
}
