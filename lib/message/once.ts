/**
 * Run an async loader once and keep its promise: lazily imported modules cost one trip through the
 * module loader, then a resolved promise (each bare `import()` call goes back to the loader).
 */
export const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | undefined;
  return () => (p ??= load());
};
