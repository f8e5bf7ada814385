/**
 * `--watch`: reload the functions when a file under the handlers' or rules' folders changes
 * (debounced). Every directory is watched, not the files: editors, `git checkout` and `sed -i` save
 * by writing a temporary file and renaming it over the original, and a watcher on the file (what
 * Node 20's recursive fs.watch does on Linux) stops seeing changes after the first such save. New
 * directories are watched as they appear; node_modules, dot-directories and `ignore` are not.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface WatchOptions {
  debounceMs?: number;
  /** Paths never watched (the mailroot when it is inside a watched folder). */
  ignore?: readonly string[];
  /** At most this many directories are watched (default 1000). */
  maxDirs?: number;
}

/** Editors' swap, backup and probe files: never a reason to reload. */
const EDITOR_FILE = /^\.|~$|\.sw[a-p]$|^4913$|^#.*#$/;

/**
 * Calls `onChange(file)` once per burst of changes, with the last changed file that exists (or,
 * when the burst only removed files, the last one removed); a burst of temporary files that came and
 * went calls nothing. Returns the function that stops watching.
 */
export function watchFolders(folders: readonly string[], onChange: (file: string) => void, options: WatchOptions = {}): () => void {
  const ignore = new Set((options.ignore ?? []).map((p) => path.resolve(p)));
  const maxDirs = options.maxDirs ?? 1000;
  const watchers = new Map<string, fs.FSWatcher>();
  const known = new Set<string>();
  let changed: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const fire = () => {
    const burst = [...new Set(changed)];
    changed = [];
    const existing = burst.filter(isFile);
    const removed = burst.filter((f) => !existing.includes(f) && known.has(f));
    for (const f of removed) known.delete(f);
    for (const f of existing) known.add(f);
    const file = existing.at(-1) ?? removed.at(-1);
    if (file !== undefined) onChange(file);
  };
  const changedPath = (dir: string, name: string | Buffer | null) => {
    if (closed) return;
    const full = name ? path.join(dir, String(name)) : dir;
    if (name && EDITOR_FILE.test(path.basename(String(name)))) return;
    if (isDir(full)) arm(full);
    else changed.push(full);
    clearTimeout(timer);
    if (changed.length) timer = setTimeout(fire, options.debounceMs ?? 150);
  };
  const arm = (dir: string) => {
    if (closed || watchers.has(dir) || watchers.size >= maxDirs || ignore.has(dir)) return;
    let w: fs.FSWatcher;
    try {
      w = fs.watch(dir, (_event, name) => changedPath(dir, name));
    } catch {
      return; // gone already, or not readable: nothing to watch
    }
    w.on('error', () => unarm(dir));
    watchers.set(dir, w);
    for (const e of readDir(dir)) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) arm(full);
      else if (e.isFile()) known.add(full);
    }
  };
  const unarm = (dir: string) => {
    watchers.get(dir)?.close();
    watchers.delete(dir);
  };
  for (const f of folders) arm(path.resolve(f));
  return () => {
    closed = true;
    clearTimeout(timer);
    for (const dir of [...watchers.keys()]) unarm(dir);
  };
}

function readDir(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

const isDir = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() === true;
const isFile = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() === true;
