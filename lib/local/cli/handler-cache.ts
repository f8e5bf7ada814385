/**
 * Handler modules for one replay run: each is loaded once; its rule-set warnings, or the reason it
 * cannot be loaded (a missing file, an import that throws, a rule set defineRules rejects, a syntax
 * error), are reported once, naming the handler and the rules file.
 */
import { firstFrame, isFrameworkFrame } from '../../workmail/call-site';
import type { FlowDirection } from '../../workmail/types';
import { loadHandler, resolveHandlerPath, type LambdaHandler } from '../handler-module';

/** The part of a handler's description replay uses (see HandlerDescription in the runtime). */
export interface DescribedHandler {
  kind?: 'sync' | 'async';
  direction?: FlowDirection;
  warnings?: readonly string[];
  rulesSource?: string;
}

export type LoadedHandler =
  | { ok: true; file: string; fn: LambdaHandler; description?: DescribedHandler }
  | { ok: false; file: string; message: string };

export class HandlerCache {
  private readonly loaded = new Map<string, Promise<LoadedHandler>>();

  /** `report` receives each message once per handler: warnings (`level: 'warning'`) or the load failure (`'error'`). */
  constructor(
    private readonly cwd: string,
    private readonly shown: (file: string) => string,
    private readonly report: (level: 'warning' | 'error', text: string) => void,
  ) {}

  get(handler: string): Promise<LoadedHandler> {
    let p = this.loaded.get(handler);
    if (!p) {
      p = this.load(handler);
      this.loaded.set(handler, p);
    }
    return p;
  }

  private async load(handler: string): Promise<LoadedHandler> {
    let file = handler;
    try {
      file = resolveHandlerPath(handler, this.cwd);
      const fn = await loadHandler(file);
      const description = (fn as { description?: DescribedHandler }).description;
      const where = `${this.shown(file)}${description?.rulesSource ? ` (rules ${this.shown(description.rulesSource)})` : ''}`;
      for (const w of description?.warnings ?? []) this.report('warning', `${where}: warning: ${w}`);
      return { ok: true, file, fn, ...(description ? { description } : {}) };
    } catch (err) {
      const e = err as Error;
      const at = firstFrame(e.stack, isFrameworkFrame);
      const message = `${this.shown(file)}: the handler cannot be loaded: ${e.message}${at ? `\n  (at ${this.shown(at)})` : ''}`;
      this.report('error', message);
      return { ok: false, file, message };
    }
  }
}
