// N Web Workers, each with its own instance of one compiled kernel module. run() sends the same
// command to several workers at once and returns their replies; span() turns the replies' absolute
// start/end times into the wall time of the whole batch.
export class WorkerPool {
  constructor(workers) {
    this.workers = workers;
    this.nextId = 1;
    this.pending = new Map();
    for (const w of workers) {
      w.onmessage = (ev) => {
        const p = this.pending.get(ev.data.id);
        if (!p) return;
        this.pending.delete(ev.data.id);
        if (ev.data.error) p.reject(new Error(ev.data.error));
        else p.resolve(ev.data);
      };
      w.onerror = (ev) => {
        ev.preventDefault?.();
        for (const p of this.pending.values()) p.reject(new Error(`worker failed: ${ev.message || 'unknown error'}`));
        this.pending.clear();
      };
    }
  }

  // module: a compiled WebAssembly.Module (structured-cloned to each worker).
  static async create(count, module, workerUrl = new URL('./worker.js', import.meta.url)) {
    const workers = [];
    try {
      for (let i = 0; i < count; i++) workers.push(new Worker(workerUrl, { type: 'module', name: `costlab-kernel-${i}` }));
    } catch (err) {
      for (const w of workers) w.terminate();
      throw new Error(`could not start Web Workers (${err.message})`);
    }
    const pool = new WorkerPool(workers);
    try {
      await pool.run('init', { module });
    } catch (err) {
      pool.terminate();
      throw err;
    }
    return pool;
  }

  get size() { return this.workers.length; }

  call(worker, cmd, args = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, cmd, ...args });
    });
  }

  // Sends cmd to the first `count` workers (all by default) at once.
  run(cmd, args = {}, count = this.workers.length) {
    return Promise.all(this.workers.slice(0, count).map((w) => this.call(w, cmd, args)));
  }

  static span(replies) {
    return (Math.max(...replies.map((r) => r.t1)) - Math.min(...replies.map((r) => r.t0))) / 1e3;
  }

  terminate() {
    for (const w of this.workers) w.terminate();
    for (const p of this.pending.values()) p.reject(new DOMException('cancelled', 'AbortError'));
    this.pending.clear();
    this.workers = [];
  }
}
