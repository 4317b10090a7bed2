/** A promise the test resolves by hand, to hold a lock (or a write) exactly as long as it wants. */
export function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** Long enough for a second caller to reach a lock (a few loopback round trips). */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 150));
