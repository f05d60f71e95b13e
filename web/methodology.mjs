// Build step, part of site_pages.mjs: methodology.html, the model's equations, every scenario
// field with its default and the source of that default (`costlab list fields`), the
// validation tables (`costlab validate --by-publisher`) and known limits, all from the CLI's
// JSON. The serving sections are in methodology_serving.mjs, validation in
// methodology_validation.mjs.
import { esc, replies, staticTable, formatEnergyWh, formatMassG, formatSeconds, formatUsd } from './prerender.mjs';
import { SERVING_TOC, servingSections } from './methodology_serving.mjs';
import { validationSection } from './methodology_validation.mjs';

const GROUPS = [
  ['text', 'Chat reply (text workload)'],
  ['image', 'Image workload'],
  ['video', 'Video workload'],
  ['serving', 'Serving: hardware, money, electricity'],
  ['assumptions', 'Model assumptions'],
  ['fleet', 'Fleet'],
  ['business', 'Business'],
];

function defaultText(f) {
  if (f.default === null || f.default === undefined || f.default === '') {
    if (f.json_path === 'serving.usd_per_gpu_hour') return 'the GPU’s catalog price';
    if (f.json_path === 'serving.purchase_usd') return 'the GPU’s catalog price';
    return '—';
  }
  if (typeof f.default === 'number') {
    const n = f.default;
    if (Number.isInteger(n) && Math.abs(n) >= 10000) return n.toLocaleString('en-US');
    return String(n);
  }
  return String(f.default);
}

function rangeText(f) {
  if (f.min === 0 && f.max === 0) return '';
  const n = (v) => (Math.abs(v) >= 1e6 ? v.toExponential(0).replace('e+', 'e') : String(v));
  return `${n(f.min)} – ${n(f.max)}`;
}

const sig3 = (v) => {
  if (!Number.isFinite(v)) return 'n/a';
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return String(Number(v.toPrecision(3)));
};

export function methodologyHtml({ fields, validation, report, names, base, png, accelerators = [] }) {
  const fieldRows = GROUPS.map(([prefix, title]) => {
    const rows = fields.filter((f) => f.json_path.startsWith(prefix + '.')).map((f) =>
      `<tr data-path="${esc(f.json_path)}" data-default="${esc(f.default === null ? '' : JSON.stringify(f.default))}">` +
      `<th scope="row">${esc(f.label)}<br><code>${esc(f.json_path)}</code> <code class="key">${esc(f.url_key)}</code></th>` +
      `<td class="num">${esc(defaultText(f))}</td><td>${esc(f.unit)}</td><td class="num">${esc(rangeText(f))}</td>` +
      `<td class="src">${esc(f.source || (prefix === 'text' || prefix === 'image' ? 'scenario choice' : ''))}</td></tr>`).join('\n');
    return `<tbody><tr class="group"><th colspan="5" scope="rowgroup">${esc(title)}</th></tr>\n${rows}</tbody>`;
  }).join('\n');

  // Waiting under load and the providers' figures, from the same report (compare --format json).
  const ft = (report.fleet && report.fleet.text) || {}, fi = (report.fleet && report.fleet.image) || {};
  const secs = (v) => (v === null || v === undefined ? 'unbounded' : `${sig3(v)} s`);
  const refRows = (report.references || []).map((r) =>
    `<tr data-id="${esc(r.id)}"><th scope="row">${esc(r.provider)}: ${esc(r.label)}<span class="src">${esc(r.source)} ` +
    `<a href="${esc(r.url)}" rel="noopener">${esc(r.url)}</a></span></th>` +
    `<td class="num">${esc(sig3(r.value))} ${esc(r.unit)}</td>` +
    `<td class="num">${r.costlab_value === null ? 'no estimate' : esc(sig3(r.costlab_value))}</td>` +
    `<td class="num ratio">${r.ratio === null ? '' : esc(sig3(r.ratio))}</td>` +
    `<td>${esc(r.boundary)}<br><em>${esc(r.boundary_difference)}</em></td><td>${esc(r.date)}</td></tr>`).join('\n');

  const t = report.text, im = report.image;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<meta name="description" content="How costlab computes the cost of one AI image and one chat reply: the roofline model, every assumption with its source, and the validation against published measurements.">
<title>How costlab works — methodology, assumptions, validation</title>
<link rel="icon" href="data:,">
<meta property="og:type" content="article">
<meta property="og:title" content="How costlab works: methodology, assumptions, validation">
<meta property="og:image" content="${esc(base + png.name)}">
<link rel="stylesheet" href="pages.css">
<link rel="stylesheet" href="print.css" media="print">
</head>
<body class="doc">
<header class="doc-top">
<p class="crumbs"><a href="index.html">← costlab, the calculator</a></p>
<h1>How costlab works</h1>
<p class="lede">costlab puts one AI-generated image next to one chat reply and says what each costs in GPU time,
dollars, watt-hours and grams of CO₂. This page shows the equations, every assumption with its default and
where that default comes from, and how the predictions compare with published measurements. It is generated
from the model’s own code each time the site is built, so what it says is what the calculator does.</p>
</header>
<main>
<nav class="toc" aria-label="On this page"><ol>
<li><a href="#result">The default comparison</a></li>
<li><a href="#roofline">The roofline</a></li>
<li><a href="#text">A chat reply</a></li>
${SERVING_TOC}
<li><a href="#image">An image</a></li>
<li><a href="#video">A video</a></li>
<li><a href="#energy">Energy, CO₂ and dollars</a></li>
<li><a href="#water">Water and embodied carbon</a></li>
<li><a href="#fleet">Fleet and business</a></li>
<li><a href="#queue">Waiting under load</a></li>
<li><a href="#references">What providers published</a></li>
<li><a href="#assumptions">Every assumption, with its source</a></li>
<li><a href="#validation">Validation</a></li>
<li><a href="#limits">Known limits</a></li>
</ol></nav>

<section id="result">
<h2>The default comparison</h2>
<p>With every field at its default, one image costs as much as <strong data-ratio-usd="${report.ratios.image_to_text_usd}">${esc(replies(report.ratios.image_to_text_usd))}</strong>:
the image ${esc(formatUsd(im.usd_per_query))}, ${esc(formatEnergyWh(im.facility_energy_wh))} at the facility,
${esc(formatMassG(im.co2_g_per_query))} of CO₂, ${esc(formatSeconds(im.gpu_seconds_per_query))} of GPU time;
the reply ${esc(formatUsd(t.usd_per_query))}, ${esc(formatEnergyWh(t.facility_energy_wh))},
${esc(formatMassG(t.co2_g_per_query))}, ${esc(formatSeconds(t.gpu_seconds_per_query))}.</p>
<figure class="chart"><img src="${png.name}" width="${png.width}" height="${png.height}" alt="Bar chart: one image costs as much as ${esc(replies(report.ratios.image_to_text_usd))} in dollars; energy and GPU time compared the same way.">
<figcaption>The default comparison, drawn when the site was built.</figcaption></figure>
${staticTable(report, names)}
</section>

<section id="roofline">
<h2>The roofline, and the mechanisms around it</h2>
<p>The model is a set of pure functions from a scenario (the fields below) and a catalog of GPUs and models
(<code>core/data/*.json</code>, each number with a unit, a source and a date) to a report. Each phase of a query is
timed on one replica of <var>G</var> GPUs by whichever is slower, its arithmetic or its memory traffic, plus
communication and overheads:</p>
<pre class="eq">time = max( FLOPs / (peak × G × eff(n)),
            weight bytes / (bandwidth × G × memory_bw_utilization)
            + KV bytes / (bandwidth × G × kv_bw_utilization) ) + communication + overheads</pre>
<p><em>peak</em> is the GPU’s measured dense matmul throughput at the precision used and <em>bandwidth</em> its measured
memory bandwidth, each the datasheet’s where no test is published (<a href="#ceilings">Measured ceilings</a>).
No utilization is a single constant: each is a small mechanism with a named, editable parameter.</p>
<ul>
<li><strong>Achieved compute follows the size of the work.</strong> For a pass over <var>n</var> rows (tokens, or latent
tokens × images), <code>eff(n) = u_max × n / (n + n_half)</code>, with <code>n_half = compute_half_tokens × peak / 989 TFLOP/s</code>:
a GEMM with few rows leaves SMs idle (wave quantization, NVIDIA’s <em>Matrix Multiplication Background</em> guide), and a
faster GPU needs proportionally more work in flight. <code>u_max</code> is <code>prefill_compute_utilization</code>,
<code>decode_compute_utilization</code> or <code>diffusion_compute_utilization</code>.</li>
<li><strong>Attention over a paged KV cache</strong> reads it at <code>kv_bw_utilization</code>, below the streaming rate of the
weights: PagedAttention gathers 16-token blocks (Kwon et al., SOSP 2023).</li>
<li><strong>Overheads that depend on the batch.</strong> Each decode step pays <code>decode_step_overhead_s</code> (scheduler; the GPU
waits) plus <code>decode_overhead_per_sequence_s × B</code> (sampling, logits, bookkeeping kernels; the GPU is busy). Each
denoiser pass pays <code>diffusion_step_overhead_s</code> of launch-bound kernels.</li>
<li><strong>Mixture of experts.</strong> The routed experts run at the efficiency of the tokens each expert sees,
<code>eff(n k / E)</code> (a grouped GEMM over few rows), times <code>moe_imbalance</code> (the busiest expert’s load over the mean);
every MoE layer pays <code>moe_layer_overhead_s</code> (gating, permutation, launches; MegaBlocks, Gale et al. 2023); on several
GPUs the experts are expert-parallel: per layer one all-reduce after attention and a dispatch and a combine all-to-all,
each GPU sending its share of the tokens’ k hidden vectors (GShard; DeepSeek-V3 report §3.4).</li>
<li><strong>fp32 as frameworks run it.</strong> <code>fp32-default</code> keeps fp32 weights but runs convolutions on TF32 tensor cores
(PyTorch’s <code>torch.backends.cudnn.allow_tf32 = True</code>) while matmuls stay strict fp32: a UNet’s
<code>conv_flops_fraction</code> (catalog, analytic count) and the VAE run at the TF32 peak. <code>fp32</code> is strict fp32 throughout.</li>
<li><strong>Power follows load</strong> (below, <a href="#energy">Energy</a>).</li>
</ul>
<p>The parameters are fitted on a public validation set and checked on the figures each fit did not see
(<a href="#validation">Validation</a>).</p>
</section>

<section id="text">
<h2>A chat reply (a language model)</h2>
<p>A batch of <var>B</var> sequences, each with <var>n</var> prompt tokens and <var>d</var> generated tokens
(reasoning plus output); the model has <var>N</var><sub>active</sub> of <var>N</var><sub>total</sub> parameters,
<var>L</var> layers, attention width <var>A</var> = heads × head dimension, and <var>kv</var> bytes of KV cache per token.
Multi-head latent attention (DeepSeek-V2/V3; DeepSeek-V2 report sec. 2.1.3, FlashMLA) has one width per phase: the prefill
decompresses keys and values per head, <var>A</var> = heads (2 head_dim − rope_dim) / 2; a decode step attends in the
latent space, <var>A</var> = heads (2 kv_lora_rank + rope_dim) / 2, 2.8× the prefill’s for DeepSeek-V3. Decode
attention is split over the cached positions (FlashDecoding), so it runs at the decode utilization at any batch.</p>
<pre class="eq">prefill      FLOPs = 2 N_active B n + 2 L A B n²
             bytes = weights read + B n kv
decode step  FLOPs = B (2 N_active + 4 L A c),   c = n + d/2  (mean context)
             bytes = weights read + B c kv,        plus decode_step_overhead_s per step;  d steps</pre>
<ul>
<li><strong>Mixture of experts.</strong> FLOPs use the active parameters; memory holds all of them. A decode step reads
the shared weights plus the expected share of experts the batch touches, 1 − (1 − k/E)<sup>B</sup> for k of E
experts per token (all of them at serving batch sizes); only those experts compute, each over its own few rows.</li>
<li><strong>Tensor parallel</strong> over <var>G</var> GPUs: the work is split <var>G</var> ways, plus two ring all-reduces per layer,
each <code>allreduce_latency_s + 2 (G−1)/G × message / (link × interconnect_utilization)</code>.</li>
<li><strong>Memory.</strong> Weights + B (n + d/2) kv (paged KV cache, sequences staggered) + one prefill chunk’s
activations must fit in <code>memory_usable_fraction</code> of G × memory. The default batch is the operating point
(<a href="#operating-point">below</a>); a scenario whose weights alone do not fit is still computed, flagged, and the
message gives the smallest G that fits.</li>
<li><strong>Per query:</strong> GPU-seconds = G × (prefill + d × step) / B. A reply’s time is not the batch’s: under
continuous batching it is its time to first token plus one step per further token (next section).</li>
</ul>
</section>

${servingSections({ fields, validation, report, accelerators })}

<section id="image">
<h2>An image</h2>
<h3>Diffusion (UNet or DiT)</h3>
<p>One image per GPU (data parallel), or with <code>image.engine = xdit</code> one DiT image over several GPUs
(<a href="#xdit">above</a>). <var>r</var> = pixels / the model’s reference pixels; <var>a</var> = the share of a
denoising step spent in attention at the reference size (attention grows with the square of the pixel count).</p>
<pre class="eq">denoiser FLOPs per step = F_ref ((1 − a) r + a r²)      × 2 with classifier-free guidance, × steps
weights are read once per step
text encoder: once per prompt (× 2 under guidance)
VAE decoder:  F_vae × r</pre>
<p>The per-step FLOP counts are derived analytically from each model’s architecture in
<code>core/data/README.md</code>; the denoiser runs at <code>diffusion_compute_utilization</code>.</p>
<h3>Autoregressive (<code>gpt-image-1-*</code>)</h3>
<p>The image is <code>image_tokens</code> × r output tokens of a stand-in text model (the real backbone is not published:
Qwen3-235B-A22B by default, a ~200B-class mixture of experts; changeable in a user catalog), served the way a provider
serves chat tokens: on the chat replica’s precision, tensor-parallel group (at least the group that holds the backbone)
and batch, computed exactly like a chat reply, plus a VAE-class decoder. The page and CLI show the range from a smaller
(Llama 3.1 70B) to a larger (DeepSeek-V3) stand-in beside the point estimate.</p>
</section>

<section id="video">
<h2>A video</h2>
<p>A video diffusion transformer (<code>core/src/model_video.cpp</code>) denoises spatio-temporal latent tokens. Its causal
3D VAE keeps the first frame and compresses the rest <var>t_c</var>× in time and <var>s_c</var>× per side; the patchifier
groups <var>p_t</var> × <var>p</var> × <var>p</var> latents into one token. Every token attends to every other (full 3D
attention), so attention, quadratic in the tokens, is most of a pass at today’s clip sizes.</p>
<pre class="eq">latent frames F′ = ceil((F − 1) / t_c) + 1
tokens        N  = ceil(F′ / p_t) × ceil(H / (s_c p)) × ceil(W / (s_c p))
FLOPs per pass   = 2 P_active N + 4 L d (N² + N T)      × 2 with classifier-free guidance, × steps × batch
weights are read once per step; text encoder 2 × params × T per prompt; 3D VAE decode per output pixel and frame</pre>
<p>The denoiser runs at <code>video_compute_utilization</code> (fitted on the ML.ENERGY text-to-video figures), with the
same efficiency curve, per-pass overhead and power model as images. Over <var>G</var> GPUs in sequence parallel each GPU
computes N / G tokens and holds every weight; Ulysses (DeepSpeed Ulysses, Jacobs et al. 2023) adds four all-to-alls per
layer, each GPU sending (G − 1)/G of its N/G × d activations; when G does not divide the heads, ring attention (Liu et
al. 2023) passes K and V around the ring behind the attention it feeds. Latency falls; GPU time and energy per video
rise. Architecture figures come from each model’s published config (Wan 2.1/2.2, CogVideoX, HunyuanVideo, LTX-Video;
sources in <code>core/data/video_models.json</code>); the Sora 2- and Veo 3-class presets are labelled assumptions: the
vendor’s published format on an open stand-in (Wan 2.2 A14B), with a smaller and a larger stand-in as the range.</p>
</section>

<section id="energy">
<h2>Energy, CO₂ and dollars</h2>
<p>Energy per query at three boundaries:</p>
<pre class="eq">GPU power          = idle + (board − idle) × min(1, pfc × compute use + pfm × memory use)
                     use = achieved / peak FLOP/s and bytes/s of the phase (busy overheads count as memory use)
gpu_energy_wh      = Σ phases  time × GPU power × G / B
it_energy_wh       = gpu_energy_wh × (1 + host_energy_fraction + idle_capacity_fraction)
facility_energy_wh = it_energy_wh × PUE
CO₂ (g)            = facility_energy_wh / 1000 × grid_gco2_per_kwh</pre>
<p><code>pfc</code> and <code>pfm</code> are <code>gpu_power_fraction_compute_bound</code> and <code>_memory_bound</code>, fitted on the
ML.ENERGY power and energy measurements: linear utilization-to-power models of this form track measured GPU power
(AccelWattch, Kandiah et al., MICRO 2021), and decode at large batch draws close to board power.
The host (CPU, DRAM, network) and idle provisioned capacity are fixed shares of GPU energy: the split Google
measured for Gemini serving in 2025. Dollars:</p>
<pre class="eq">cloud:  $ per query = GPU-seconds / 3600 × $ per GPU-hour
owned:  $ per query = GPU-seconds / 3600 × purchase / (amortization_years × 8766 h)
                      + facility_energy_wh / 1000 × $ per kWh</pre>
</section>

<section id="water">
<h2>Water and embodied carbon</h2>
<p>Water per query has two parts (Li, Yang, Islam and Ren, ‘Making AI Less “Thirsty”’, arXiv:2304.03271, 2023):
the cooling water the datacenter evaporates, counted per kWh of IT energy (its WUE, The Green Grid’s metric), and the
water power plants consume to generate the electricity the facility draws.</p>
<pre class="eq">water_onsite_l_per_query  = it_energy_wh / 1000 × wue_l_per_kwh                  (default 0.55 L/kWh)
water_offsite_l_per_query = facility_energy_wh / 1000 × electricity_water_l_per_kwh (default 3.142 L/kWh)
water_l_per_query         = on-site + off-site</pre>
<p>Both defaults are the U.S. averages Li et al. use (Microsoft’s U.S. fleet WUE and the U.S. electricity water
intensity); a dry-cooled site has a WUE near zero, an evaporative one in a hot climate can pass 1.8 L/kWh, and the
electricity’s water varies several-fold by grid.</p>
<p>Embodied carbon is what making the hardware emitted, used up over the seconds of its life it serves:</p>
<pre class="eq">embodied_co2_g_per_query = (embodied_gpu_kgco2e + embodied_server_kgco2e_per_gpu) × 1000
                           / (amortization_years × 8766 h × 3600 s × hardware_utilization)
                           × gpu_seconds_per_query</pre>
<p>The defaults come from the life-cycle estimate of the BLOOM paper (Luccioni, Viguier and Ligozat, JMLR 2023):
150 kgCO₂e per A100 and 2500 kgCO₂e for the rest of its 8-GPU server (312.5 kg per GPU). NVIDIA’s product carbon
footprint summaries for HGX H100 and B200 publish only intensities (0.66 and 0.50 gCO₂e per exaFLOP). The utilization
default, 0.5, matches a fleet provisioned for a peak twice its average. Embodied carbon is its own figure beside the
operational <code>co2_g_per_query</code>; costlab never adds the two silently.</p>
</section>

<section id="fleet">
<h2>Fleet and business</h2>
<pre class="eq">peak queries/s = queries per day / 86400 × peak_to_average
GPUs needed    = ceil(peak / throughput of one replica) × G
$ per day      = GPUs × 24 h × $ per GPU-hour          (provisioned all day)
margin         = (price − cost) / price;   break-even price = cost per query</pre>
<p>A fixed fleet gives the queries per user per day it can serve and its utilization at the demand; above 1 it is
overloaded and the report says what share of peak requests queue or are refused. Demand is one figure: the
Business panel’s usage per user is the fleet’s demand divided by its users unless Business states its own.
Each workload is judged as if it had the whole fixed fleet; the report also gives the share of the fleet’s GPU
time both take together (the mix).</p>
</section>

<section id="queue">
<h2>Waiting under load</h2>
<p>A replica that serves a batch of B requests is B servers whose service time S is the batch latency; a fleet of
R replicas is c = R × B servers, with Poisson arrivals at the peak rate λ (<code>core/src/queue.cpp</code>).</p>
<pre class="eq">offered load   a = λ S,  utilization ρ = a / c   (ρ ≥ 1: the queue grows without bound: "unbounded")
Erlang B       B(0) = 1,  B(k) = a B(k−1) / (k + a B(k−1))
Erlang C       C = P(wait > 0) = B / (1 − ρ (1 − B))
M/M/c tail     P(W > t) = C · exp(−(c/S − λ) t)
M/G/c          P(W > t) ≈ C · exp(−(c/S − λ) t / k),   k = (1 + cs²) / (2 cs² + (1 − cs²) / md)
               md = ½ [1 + (1 − ρ)(c − 1)(√(4 + 5c) − 2) / (16 ρ c)]   (M/D/c over M/M/c)
quantile q     W_q = max(0, ln(C / (1 − q)) · k / (c/S − λ))
text           time to first token = TTFT + W;      cs² = (reply-length CV × decode share of S)²
image          time to the image   = S + W;          cs² = 0 (the same steps every time)</pre>
<p>Sources: Erlang’s formulas and the M/M/c waiting-time distribution (L. Kleinrock, <em>Queueing Systems</em> vol. 1,
1975, §3.5); the Allen-Cunneen approximation (A. O. Allen, <em>Probability, Statistics and Queueing Theory</em>, 2nd ed.,
1990), which k reduces to for one server; Kimura’s interpolation between M/M/c and M/D/c (T. Kimura, Queueing
Systems 17, 1994) with Cosmetatos’ M/D/c factor md (Operational Research Quarterly 27, 1976); the exponential
conditional wait (W. Whitt, Production and Operations Management 2(2), 1993). Up to 50 servers B comes from its
recursion, exactly. Above, in constant time for any fleet: B = P(X = c) / P(X ≤ c) for X ~ Poisson(a), with
P(X ≤ c) = Q(c + 1, a) by Temme’s uniform asymptotic expansion Q(s, x) ≈ ½ erfc(η √(s/2)) + e^(−sη²/2) / √(2πs) ·
(c₀(η) + c₁(η) / s), η² = 2 (λ − 1 − ln λ), λ = x / s (N. M. Temme, SIAM J. Math. Anal. 10(4), 1979; coefficients as
in A. R. DiDonato &amp; A. H. Morris, ACM TOMS 12(4), 1986). Its leading term is the Halfin-Whitt limit
C ≈ 1 / (1 + β Φ(β) / φ(β)), β = (c − a) / √a (S. Halfin &amp; W. Whitt, Operations Research 29(3), 1981); with the
next terms it is within 2·10⁻⁷ of the recursion (<code>tests/test_queue.cpp</code>). The fleet for a target is an
interpolation search (Illinois regula falsi) on whole replicas, about five evaluations of the wait.
One replica is also shown as a birth-death chain whose service rate grows with its batch, μ(n) = n / S(n) with
S(n) linear between the batch-1 and the batch-B latency: P(W > t) = P(N ≥ B) · exp(−(μ(B) − λ) t / k).</p>
<p>Checked against a seeded discrete-event simulation in <code>tests/test_queue.cpp</code>: within 10% on the P99
wait at 50–90% utilization for 1, 4 and 32 servers with exponential, Erlang-2 and prefill-plus-reply service.
Where it stops holding: deterministic service (images), where the model’s P99 is up to about 20% above the
simulation at moderate load (on the safe side); heavy-tailed service (cs² well above 1) on few servers; and any
utilization at or above 1, shown as unbounded rather than as a number.</p>
<p>The fleet for a P99 target (<code>fleet.text_slo_p99_s</code>, <code>fleet.image_slo_p99_s</code>) is the smallest number of
replicas whose P99 time to first token (or to the image) meets it at the peak; a target below the unloaded time
is refused in words. A cap of N per user per day with a share s of users at it gives a demand of
users × (s N + (1 − s) m), m the uncapped usage per user; the other way round, the fixed fleet’s most demand within
the target gives the cap it affords. For the default scenario: chat replies wait ${esc(secs(ft.wait_p99_s))} at P99 on
the fixed fleet (P99 time to first token ${esc(secs(ft.time_to_first_token_p99_s))}), and the target needs
${esc(String(ft.gpus_for_slo ?? 'no'))} GPUs against ${esc(String(ft.gpus_needed ?? ''))} for throughput; images wait
${esc(secs(fi.wait_p99_s))} (P99 time to the image ${esc(secs(fi.time_to_image_p99_s))}).</p>
</section>

<section id="references">
<h2>What providers published</h2>
<p>Published per-query figures and list prices (<code>core/data/references.json</code>, <code>costlab list references</code>),
each beside costlab’s estimate for the default scenario (or for the matching model: the gpt-image-1 presets for
OpenAI’s image prices, llama-3.1-70b and deepseek-v3 for the text prices, a 400-token reply for Mistral’s figure). The
ratio is costlab ÷ published; the boundaries differ, and each row says how.</p>
<div class="table-wrap">
<table id="references-table" class="calibration">
<caption>Published figure, costlab’s estimate and the boundary of each.</caption>
<thead><tr><th scope="col">Figure (source)</th><th scope="col">Published</th><th scope="col">costlab</th><th scope="col">Ratio</th><th scope="col">Boundary, and what differs</th><th scope="col">Date</th></tr></thead>
<tbody>
${refRows}
</tbody>
</table>
</div>
</section>

<section id="assumptions">
<h2>Every assumption, with its source</h2>
<p>Each input of the model is a named field of the scenario. The default shown is the one in the code
(<code>core/src/scenario.cpp</code>, listed by <code>costlab list fields</code>); change any of them in the calculator,
with <code>costlab --set PATH=VALUE</code>, or in a scenario file. The short key is the field’s name in a share link
(<code>#v=2&amp;key=value</code>).</p>
<div class="table-wrap">
<table id="fields" class="fields">
<caption>Scenario fields: default, unit, allowed range and the source of the default.</caption>
<thead><tr><th scope="col">Field</th><th scope="col">Default</th><th scope="col">Unit</th><th scope="col">Allowed</th><th scope="col">Source of the default</th></tr></thead>
${fieldRows}
</table>
</div>
<p>GPU figures (peak FLOP/s per precision, memory, bandwidth, board power, links, list prices) and model figures
(parameters, layers, KV size, FLOPs per step) come from the catalog, each with its source and date: see
<code>core/data/README.md</code> and <code>costlab list gpus</code> / <code>costlab list models</code>.</p>
</section>

${validationSection({ validation })}

<section id="limits">
<h2>Known limits</h2>
<ul>
<li>No prefix caching, CPU offload or quantization error: a reply costs what its tokens cost at the chosen precision.</li>
<li>No wide expert-parallel or prefill-decode-disaggregated deployments: a replica is one group of G GPUs that
does both phases.</li>
<li>An engine is two fitted factors over the same roofline; SGLang has no validation rows yet, so it is the
reference until some are added. Engines costlab does not model (llama.cpp, NIM, vendors’ own code) are predicted as
the reference, and llama.cpp’s prefill in particular is 2–3× slower than that.</li>
<li>MLPerf Server’s time to first token at high load is 2–3× above what a request finding a free slot sees: requests
queue for a slot the engine does not report.</li>
<li>Early Blackwell software (ML.ENERGY’s vLLM runs on B200) runs 2–3× below what the measured ceilings suggest, and
energy figures come almost only from ML.ENERGY, so holding that publisher out leaves power barely constrained.</li>
<li>Host and idle energy are fixed ratios of GPU energy, not measured per server.</li>
<li>Prices are list prices on a date; real contracts differ, often by a lot.</li>
<li>The queue treats a replica as B independent servers at the full-batch latency, and images are queued as if
batched continuously.</li>
<li>The autoregressive image models run on a stand-in backbone, since the real one is not published.</li>
</ul>
</section>
</main>
<footer class="doc-foot"><p>costlab: a roofline cost model compiled to WebAssembly. <a href="index.html">Open the calculator</a> ·
<a href="embed-example.html">Embedding it in a post</a></p></footer>
</body>
</html>
`;
}

