// The hardware UI: "time my hardware" (web/hw, loaded on demand) started from the GUI or the
// twin's button, its progress and results in the twin's hardware section (#hw-*) and, through
// costlab_hardware_update, in the GUI. Start at hwStart().
import { byId } from './shell.js';
import { fmt3 } from './format.js';
import { api, appRunning } from './runtime.js';
import { frames } from './frames.js';

var hw = { running: false, controller: null, status: {} };

function hwPush(patch) {
  for (var k in patch) hw.status[k] = patch[k];
  if (appRunning) {
    api.hardwareUpdate(JSON.stringify(patch));
    frames.request(1, !!patch.has_result); // the result must reach the app (and the twin)
  }
  renderHardware();
}

export function hwStart() {
  if (hw.running) return;
  hw.running = true;
  hw.controller = new AbortController();
  hw.status = {};
  hwPush({ running: true, progress: 0, stage: 'starting', has_result: false, message: '' });
  var budget = typeof window.costlabHardwareBudgetS === 'number' ? window.costlabHardwareBudgetS : 10;
  import('./hw/benchmark.js').then(function (m) {
    return m.measureDevice({
      budgetS: budget,
      signal: hw.controller.signal,
      onProgress: function (fraction, stage) {
        // A few updates a second are plenty for a progress bar.
        var now = performance.now();
        if (now - (hw.lastPush || 0) < 100 && fraction < 1) return;
        hw.lastPush = now;
        hwPush({ progress: fraction, stage: String(stage || '') });
      }
    });
  }).then(function (p) {
    window.costlabProfile = p;
    // web/hw/webgpu.js says in one sentence why the GPU was not timed: shown as it is.
    var gpuMessage = p.gpu_message || '';
    hw.running = false;
    hwPush({
      running: false, progress: 1, stage: 'done', has_result: true,
      cpu1_gflops: p.sgemm_gflops_1, cpu_all_gflops: p.sgemm_gflops_all, gpu_gflops: p.gpu_gflops || 0,
      gpu_f16_gflops: p.gpu_gflops_f16 || 0, gpu_subgroups_gflops: p.gpu_gflops_subgroups || 0,
      memory_gb_per_s: p.gbps_all, threads: p.threads, cpu_backend: (p.backend || '') + (p.engine ? ' in ' + p.engine : ''),
      gpu_backend: p.gpu ? 'webgpu (' + p.gpu + ')' : '', message: gpuMessage
    });
  }, function (err) {
    hw.running = false;
    var cancelled = err && err.name === 'AbortError';
    hwPush({ running: false, progress: 0, stage: '', message: cancelled ? 'Cancelled.' : 'Could not measure: ' + (err && err.message || err) });
  });
}
export function hwCancel() {
  if (hw.controller) hw.controller.abort();
}

function renderHardware() {
  var s = hw.status;
  byId('hw-start').disabled = !!s.running;
  byId('hw-cancel').hidden = !s.running;
  var bar = byId('hw-progress');
  bar.hidden = !s.running;
  bar.value = s.progress || 0;
  var text;
  if (s.running) text = 'Measuring: ' + (s.stage || '…') + ' (' + Math.round((s.progress || 0) * 100) + '%)';
  else if (s.has_result) text = 'Done.' + (s.message ? ' ' + s.message : '');
  else text = s.message || '';
  byId('hw-status').textContent = text;
  var dl = byId('hw-result');
  if (!s.has_result) { dl.hidden = true; return; }
  var rows = [
    ['Matrix multiply, one core', fmt3.format(s.cpu1_gflops || 0) + ' GFLOP/s'],
    ['Matrix multiply, all cores', fmt3.format(s.cpu_all_gflops || 0) + ' GFLOP/s (' + (s.threads || 1) + ' workers)'],
    ['Memory bandwidth, all cores', fmt3.format(s.memory_gb_per_s || 0) + ' GB/s'],
    ['GPU matrix multiply (WebGPU)', s.gpu_gflops > 0 ? fmt3.format(s.gpu_gflops) + ' GFLOP/s' : 'not measured'],
    ['GPU matrix multiply, f16 (WebGPU)', s.gpu_f16_gflops > 0 ? fmt3.format(s.gpu_f16_gflops) + ' GFLOP/s (f16 inputs, f32 accumulation)' : 'not measured'],
    ['GPU matrix multiply, fp32 with subgroups (WebGPU)', s.gpu_subgroups_gflops > 0 ? fmt3.format(s.gpu_subgroups_gflops) + ' GFLOP/s (its own figure: the model uses the two above)' : 'not measured'],
    ['Measured with', [s.cpu_backend, s.gpu_backend].filter(Boolean).join('; ')]
  ];
  dl.textContent = '';
  rows.forEach(function (r) {
    var dt = document.createElement('dt');
    dt.textContent = r[0];
    var dd = document.createElement('dd');
    dd.textContent = r[1];
    dd.setAttribute('data-hw', r[0]);
    dl.appendChild(dt);
    dl.appendChild(dd);
  });
  dl.hidden = false;
}

// The status the GUI was last sent (window.costlab.hardware(), the twin's device words).
export function hardwareStatus() { return hw.status; }

export function wireHardware() {
  byId('hw-start').addEventListener('click', hwStart);
  byId('hw-cancel').addEventListener('click', hwCancel);
  if (!navigator.gpu) {
    byId('hw-status').textContent = 'WebGPU is unavailable in this browser: the CPU will be timed, not the GPU.';
  }
}
