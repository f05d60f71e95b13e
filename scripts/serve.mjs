#!/usr/bin/env node
// Tiny static file server for the built site, with no dependencies.
//   node scripts/serve.mjs [dir=build/site] [port=8080]
// Listens on 127.0.0.1 only. Port 0 picks a free port. Prints one line when ready:
//   costlab: serving <dir> at http://127.0.0.1:<port>/
// Serves x.br (Brotli) or x.gz (gzip) with the matching Content-Encoding when the client
// accepts it and the twin exists and is fresh (the site build writes both beside every file;
// Brotli first, it is ~15% smaller); right MIME types (application/wasm for the module, which
// streaming compilation requires); refuses paths outside <dir>.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.wgsl': 'text/wgsl; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

// True when the Accept-Encoding header allows `coding` ("gzip", "br"); "x;q=0" refuses it,
// and "*" stands for any coding not named.
export function accepts(header, coding) {
  if (!header) return false;
  let star = null;
  for (const part of String(header).split(',')) {
    const [name, ...params] = part.trim().split(';').map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    const ok = !(q && !(parseFloat(q.slice(2)) > 0));
    if (name.toLowerCase() === coding) return ok;
    if (name === '*') star = ok;
  }
  return star === true;
}
export const acceptsGzip = (header) => accepts(header, 'gzip');

// Maps a request path to a file under root, or null when it leaves root or is malformed.
export function resolveUnder(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const target = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (target !== root && !target.startsWith(root + path.sep)) return null;
  return target;
}

function statFile(p) {
  try {
    const st = fs.statSync(p);
    return st.isFile() ? st : null;
  } catch {
    return null;
  }
}

export function createServer(dir) {
  const root = fs.realpathSync(path.resolve(dir));
  return http.createServer((req, res) => {
    const send = (code, text, extra = {}) => {
      res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
      res.end(req.method === 'HEAD' ? undefined : text + '\n');
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed', { Allow: 'GET, HEAD' });

    let urlPath;
    try {
      urlPath = new URL(req.url, 'http://127.0.0.1').pathname;
    } catch {
      return send(400, 'bad request');
    }
    let file = resolveUnder(root, urlPath);
    if (!file) return send(404, 'not found');
    const dirStat = (() => { try { return fs.statSync(file); } catch { return null; } })();
    if (dirStat && dirStat.isDirectory()) {
      if (!urlPath.endsWith('/')) return send(301, 'moved', { Location: urlPath + '/' });
      file = path.join(file, 'index.html');
    }
    // Symbolic links must not lead out of root either.
    let real;
    try {
      real = fs.realpathSync(file);
    } catch {
      return send(404, 'not found');
    }
    if (real !== root && !real.startsWith(root + path.sep)) return send(404, 'not found');
    const st = statFile(real);
    if (!st) return send(404, 'not found');

    const type = MIME[path.extname(real).toLowerCase()] || 'application/octet-stream';
    let body = real;
    let bodyStat = st;
    const headers = {
      'Content-Type': type,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      // Files meant for other sites (the embed's host script, the picture for unfurls) may
      // be loaded cross-origin; everything else stays same-origin.
      'Cross-Origin-Resource-Policy': /^(costlab-embed\.js|costlab-default\.png)$/.test(path.basename(real)) ? 'cross-origin' : 'same-origin',
      Vary: 'Accept-Encoding',
    };
    // The host script is loaded with integrity="sha384-..." crossorigin="anonymous": the
    // browser checks its hash only on a CORS response, so it must allow any origin.
    if (path.basename(real) === 'costlab-embed.js') headers['Access-Control-Allow-Origin'] = '*';
    if (!/\.(gz|br)$/.test(real)) {
      for (const [coding, ext] of [['br', '.br'], ['gzip', '.gz']]) {
        if (!accepts(req.headers['accept-encoding'], coding)) continue;
        const twin = statFile(real + ext);
        // Only when the twin is not older than the file (a stale one would serve old bytes).
        if (twin && twin.mtimeMs >= st.mtimeMs) {
          body = real + ext;
          bodyStat = twin;
          headers['Content-Encoding'] = coding;
          break;
        }
      }
    }
    const enc = headers['Content-Encoding'] ? '-' + headers['Content-Encoding'] : '';
    const etag = `"${bodyStat.size.toString(16)}-${Math.floor(bodyStat.mtimeMs).toString(16)}${enc}"`;
    headers.ETag = etag;
    headers['Last-Modified'] = new Date(bodyStat.mtimeMs).toUTCString();
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      return res.end();
    }
    headers['Content-Length'] = String(bodyStat.size);
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    const stream = fs.createReadStream(body);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  });
}

function main() {
  const dir = process.argv[2] || 'build/site';
  const port = process.argv[3] === undefined ? 8080 : Number(process.argv[3]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`costlab: bad port "${process.argv[3]}"`);
    process.exit(2);
  }
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    console.error(`costlab: ${dir}/index.html is missing; build the site first (cmake --build --preset web-release)`);
    process.exit(1);
  }
  const server = createServer(dir);
  server.on('error', (e) => {
    console.error(`costlab: cannot listen on 127.0.0.1:${port}: ${e.message}`);
    process.exit(1);
  });
  server.listen(port, '127.0.0.1', () => {
    console.log(`costlab: serving ${dir} at http://127.0.0.1:${server.address().port}/`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
