// One benchmark worker: its own instance of the kernel module (compiled once by the page and
// posted here; no SharedArrayBuffer, so it works in a cross-origin iframe with no COOP/COEP).
// Messages in: {id, cmd, ...}; out: {id, ...result} or {id, error}. Times are absolute
// (performance.timeOrigin + now()) so the page can put workers on one timeline.
import { instantiateKernelModule } from './kernels-module.js';

let km = null;
const problems = new Map(); // size -> problem
let streams = null;
const now = () => performance.timeOrigin + performance.now();

function problem(size) {
  if (!problems.has(size)) problems.set(size, km.problem(size));
  return problems.get(size);
}

function freeAll() {
  for (const p of problems.values()) p.free();
  problems.clear();
  if (streams) streams.free();
  streams = null;
}

const commands = {
  init({ module }) {
    km = instantiateKernelModule(module);
    return { backend: km.backend };
  },
  // Runs `calls` SGEMMs of size n x n x n (matrices allocated and filled on first use).
  sgemm({ size, calls }) {
    const p = problem(size);
    const t0 = now();
    p.run(calls);
    return { t0, t1: now() };
  },
  // Triad over 3 x `size` floats, `calls` times.
  triad({ size, calls }) {
    if (!streams || streams.count !== size) {
      if (streams) streams.free();
      streams = km.streams(size);
    }
    const t0 = now();
    streams.triad(calls);
    return { t0, t1: now() };
  },
  checksum({ size }) {
    const p = km.problem(size);
    p.run(1);
    const checksum = p.checksum();
    p.free();
    return { checksum };
  },
  free() {
    freeAll();
    return {};
  },
};

self.onmessage = (ev) => {
  const { id, cmd } = ev.data;
  try {
    if (!commands[cmd]) throw new Error(`unknown command ${cmd}`);
    if (!km && cmd !== 'init') throw new Error('worker not initialised');
    self.postMessage({ id, ...commands[cmd](ev.data) });
  } catch (err) {
    self.postMessage({ id, error: err && err.message ? err.message : String(err) });
  }
};
