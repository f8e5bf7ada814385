/**
 * Reading `file:line` locations off an Error stack (V8 format), so messages can say where a failing
 * definition was written. Pure string work, no I/O.
 */
const FRAME = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):\d+\)?$/;

/** `file:line` of the first stack frame whose file `skip` does not reject; undefined when none is left. */
export function firstFrame(stack: string | undefined, skip: (file: string) => boolean): string | undefined {
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const m = line.trim().match(FRAME);
    if (!m) continue;
    const file = m[1]!.replace(/^file:\/\//, '');
    if (!skip(file)) return `${file}:${m[2]}`;
  }
  return undefined;
}

/** Frames of the framework itself and of installed packages: never where the user's definition is. */
export const isFrameworkFrame = (file: string): boolean =>
  file.startsWith('node:') || /node_modules|[\\/]lib[\\/](engine|runtime|workmail|message|local)[\\/]/.test(file) || !/[\\/]/.test(file);
