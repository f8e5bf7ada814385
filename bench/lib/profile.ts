/**
 * CPU profiles, to say why a target is missed: an in-process profile of a function (node:inspector),
 * or `--cpu-prof` files written by child processes; both summed by self time per function and per
 * module (npm package or project folder).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber?: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Hotspot {
  name: string;
  selfMs: number;
  percent: number;
}
/** byModule: self time charged to the project folder or package that runs it (native and node-internal frames to their nearest such caller). */
export interface ProfileSummary {
  totalMs: number;
  byModule: Hotspot[];
  byFunction: Hotspot[];
  /** CPU time spent inside `import()` calls (resolve, load hooks, evaluation), charged to the project function that called import(). */
  dynamicImports: { totalMs: number; byCaller: Hotspot[] };
}

const ROOT = path.resolve(__dirname, '..', '..');

/** `node_modules/@scope/pkg/…` → `@scope/pkg`; a project file → its folder (`lib/engine`); node internals → `node:internal`. */
export function moduleOf(url: string): string {
  if (url === '') return '(native / VM)';
  if (url.startsWith('node:')) return 'node:internal';
  const file = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const rel = path.relative(ROOT, file);
  if (rel.startsWith('..')) return path.basename(file);
  const parts = rel.split(path.sep);
  return parts.length > 2 ? parts.slice(0, 2).join('/') : rel;
}

export function summarizeProfile(p: CpuProfile, top = 10): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const mod = new Map<string, number>();
  let total = 0;
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owner = new Map<number, string>();
  /** Native and node-internal frames are charged to the nearest caller in the project or a package. */
  const ownerOf = (id: number): string => {
    const cached = owner.get(id);
    if (cached !== undefined) return cached;
    const n = byId.get(id)!;
    const u = n.callFrame.url;
    let o: string;
    if (u && !u.startsWith('node:')) o = moduleOf(u);
    else if (n.callFrame.functionName.startsWith('(') && !u) o = n.callFrame.functionName;
    else {
      const up = parent.get(id);
      o = up === undefined ? (u ? 'node:internal' : '(native / VM)') : ownerOf(up);
      if (o === '(root)') o = u ? 'node:internal' : '(native / VM)';
    }
    owner.set(id, o);
    return o;
  };
  p.samples.forEach((id, i) => {
    const us = p.timeDeltas[i] ?? 0;
    const n = byId.get(id);
    if (!n || n.callFrame.functionName === '(idle)') return;
    total += us;
    const f = n.callFrame;
    const where = f.url ? `${moduleOf(f.url)}/${path.basename(f.url)}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const m = ownerOf(id);
    mod.set(m, (mod.get(m) ?? 0) + us);
  });
  // Inclusive time under import() calls, per calling function.
  const importCaller = new Map<number, string | null>();
  const callerOf = (id: number): string | null => {
    if (importCaller.has(id)) return importCaller.get(id)!;
    const n = byId.get(id)!;
    let r: string | null = null;
    if (n.callFrame.functionName === 'importModuleDynamicallyCallback') {
      let up = parent.get(id);
      while (up !== undefined) {
        const f = byId.get(up)!.callFrame;
        if (f.url && !f.url.startsWith('node:')) {
          r = `${f.functionName || '(anonymous)'} ${moduleOf(f.url)}/${path.basename(f.url)}`;
          break;
        }
        up = parent.get(up);
      }
      r ??= '(unknown caller)';
    } else {
      const up = parent.get(id);
      r = up === undefined ? null : callerOf(up);
    }
    importCaller.set(id, r);
    return r;
  };
  const imports = new Map<string, number>();
  let importTotal = 0;
  p.samples.forEach((id, i) => {
    const c = byId.get(id) ? callerOf(id) : null;
    if (c === null) return;
    const us = p.timeDeltas[i] ?? 0;
    importTotal += us;
    imports.set(c, (imports.get(c) ?? 0) + us);
  });
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, selfMs: Math.round(us / 100) / 10, percent: Math.round((1000 * us) / Math.max(total, 1)) / 10 }));
  return {
    totalMs: Math.round(total / 100) / 10,
    byModule: list(mod),
    byFunction: list(fn),
    dynamicImports: { totalMs: Math.round(importTotal / 100) / 10, byCaller: list(imports) },
  };
}

/** Profile `fn` in this process for at least `minMs` (it is called repeatedly). */
export async function profileInProcess(fn: () => unknown, minMs: number): Promise<ProfileSummary> {
  const inspector = await import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  try {
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 100 });
    await post('Profiler.start');
    const t0 = Date.now();
    do await fn();
    while (Date.now() - t0 < minMs);
    const { profile } = (await post('Profiler.stop')) as { profile: CpuProfile };
    return summarizeProfile(profile);
  } finally {
    session.disconnect();
  }
}

/**
 * The busiest of the `.cpuprofile` files in `dir` that ran a script whose URL contains `mustRun`
 * (the thread that did the work, not a launcher or the module loader's worker thread).
 */
export function busiestProfile(dir: string, mustRun = ''): ProfileSummary | undefined {
  let best: ProfileSummary | undefined;
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CpuProfile;
    if (mustRun && !profile.nodes.some((n) => n.callFrame.url.includes(mustRun))) continue;
    const s = summarizeProfile(profile);
    if (!best || s.totalMs > best.totalMs) best = s;
  }
  return best;
}

export function describeHotspots(s: ProfileSummary, n = 6): string {
  return s.byModule
    .slice(0, n)
    .map((h) => `${h.name} ${h.percent}%`)
    .join(', ');
}

/**
 * `--cpu-prof` files of runs of one bundle, with the bundle's source map: self time per original
 * package or project folder (a minified bundle is one file, so frames are mapped back through the map).
 * `bundleFile` must sit beside `<bundleFile>.map`. Time outside the bundle is charged to its nearest
 * caller inside it, or reported as node:internal / VM.
 */
export async function bundleProfile(
  dir: string,
  bundleFile: string,
  top = 10,
): Promise<{ runs: number; totalMs: number; byModule: Hotspot[] }> {
  const { SourceMap } = await import('node:module');
  const map = new SourceMap(JSON.parse(fs.readFileSync(`${bundleFile}.map`, 'utf8')));
  const mapDir = path.dirname(bundleFile);
  const bundleUrl = `file://${bundleFile}`;
  const mod = new Map<string, number>();
  let total = 0;
  let runs = 0;
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.cpuprofile'))) {
    const p = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CpuProfile;
    runs++;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const owner = new Map<number, string>();
    const ownerOf = (id: number): string => {
      const hit = owner.get(id);
      if (hit !== undefined) return hit;
      const n = byId.get(id)!;
      const cf = n.callFrame;
      let o: string | undefined;
      if (cf.url === bundleUrl) {
        const e = map.findEntry(cf.lineNumber, cf.columnNumber ?? 0) as { originalSource?: string };
        o = e.originalSource ? moduleOf(path.resolve(mapDir, e.originalSource)) : 'bundle top level (parse, compile; no source position)';
      } else if (!cf.url && cf.functionName.startsWith('(')) o = cf.functionName;
      else {
        const up = parent.get(id);
        const above = up === undefined ? '(root)' : ownerOf(up);
        o = above === '(root)' || above === '(program)' ? (cf.url ? moduleOf(cf.url) : '(native / VM)') : above;
      }
      owner.set(id, o);
      return o;
    };
    p.samples.forEach((id, i) => {
      const n = byId.get(id);
      if (!n || n.callFrame.functionName === '(idle)') return;
      const us = p.timeDeltas[i] ?? 0;
      total += us;
      const o = ownerOf(id);
      mod.set(o, (mod.get(o) ?? 0) + us);
    });
  }
  const perRun = (us: number) => Math.round(us / Math.max(runs, 1) / 100) / 10;
  return {
    runs,
    totalMs: perRun(total),
    byModule: [...mod]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, selfMs: perRun(us), percent: Math.round((1000 * us) / Math.max(total, 1)) / 10 })),
  };
}
