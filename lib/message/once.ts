/** Run an async loader once and keep its promise (each bare `import()` goes back to the module loader). */
export const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | undefined;
  return () => (p ??= load());
};
