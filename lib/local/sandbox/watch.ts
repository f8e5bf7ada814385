/** `--watch`: reload the functions when a file under the handlers' or rules' folders changes (debounced). */
import * as fs from 'node:fs';

export function watchFolders(folders: readonly string[], onChange: (file: string) => void, debounceMs = 150): () => void {
  let timer: NodeJS.Timeout | undefined;
  let last = '';
  const watchers = folders
    .filter((f) => fs.existsSync(f))
    .map((f) =>
      fs.watch(f, { recursive: true }, (_event, name) => {
        last = name ? String(name) : f;
        clearTimeout(timer);
        timer = setTimeout(() => onChange(last), debounceMs);
      }),
    );
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
