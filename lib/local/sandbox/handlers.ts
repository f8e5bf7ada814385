/**
 * The sandbox's functions: the CDK configuration's (cdk.json `workmail.functions`, as replay uses),
 * loaded with `require` so `reload()` can drop the project's modules from the cache and load the
 * edited files again (`--watch`). Modules under node_modules and this package's own lib/ are kept.
 */
import * as path from 'node:path';
import type { FlowDirection } from '../../workmail/types';
import type { ReplayFunction } from '../cli/targets';
import { handlerExport, resolveHandlerPath, type LambdaHandler } from '../handler-module';

interface Description {
  kind?: 'sync' | 'async';
  direction?: FlowDirection;
  organizationDomains?: readonly string[];
}

export type LoadedFunction =
  | { ok: true; fn: ReplayFunction; handler: LambdaHandler; description?: Description }
  | { ok: false; fn: ReplayFunction; error: string };

export class SandboxFunctions {
  private loaded: LoadedFunction[] = [];
  private generation = 0;

  constructor(
    private readonly functions: readonly ReplayFunction[],
    private readonly root: string,
  ) {}

  /** Loads every function; a function that cannot be loaded is kept with its error (its mail gets the fallback). */
  load(): LoadedFunction[] {
    this.generation++;
    this.loaded = this.functions.map((fn) => {
      try {
        const file = resolveHandlerPath(fn.entry, this.root);
        const handler = handlerExport(require(file) as Record<string, unknown>, file);
        const description = (handler as { description?: Description }).description;
        return { ok: true as const, fn, handler, ...(description ? { description } : {}) };
      } catch (err) {
        return { ok: false as const, fn, error: err instanceof Error ? err.message : String(err) };
      }
    });
    return this.loaded;
  }

  /** Drops the project's modules (not node_modules) from the require cache and loads again. */
  reload(): LoadedFunction[] {
    const root = path.resolve(this.root) + path.sep;
    const framework = path.resolve(__dirname, '..', '..') + path.sep; // this package's lib/ stays loaded
    for (const key of Object.keys(require.cache)) {
      if (key.startsWith(root) && !key.startsWith(framework) && !key.includes(`${path.sep}node_modules${path.sep}`))
        delete require.cache[key];
    }
    return this.load();
  }

  /** How many times the functions were loaded (1 after start). */
  get loads(): number {
    return this.generation;
  }

  /** The first synchronous function of the direction (functions with `events` serve replay only when nothing else does). */
  syncFor(direction: FlowDirection): LoadedFunction | undefined {
    const sync = this.loaded.filter((l) => l.fn.rule === 'sync' && l.fn.direction === direction);
    return sync.find((l) => l.fn.events === undefined) ?? sync[0];
  }

  asyncFor(direction: FlowDirection): LoadedFunction[] {
    return this.loaded.filter((l) => l.fn.rule === 'async' && l.fn.direction === direction);
  }

  /** The organization domains the rule sets name (lower case, sorted). */
  organizationDomains(): string[] {
    const all = new Set<string>();
    for (const l of this.loaded) if (l.ok) for (const d of l.description?.organizationDomains ?? []) all.add(d.toLowerCase());
    return [...all].sort();
  }
}
