/** Small DOM helpers shared by the panels. */

/** The element with this id; a missing element is a bug in index.html. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no element #${id}`);
  return element as T;
}

/** Replaces a description list's entries with these term/definition pairs (each definition with an id, for tests and links). */
export function describeList(list: HTMLElement, entries: readonly { term: string; value: string; id?: string }[]): void {
  list.replaceChildren(
    ...entries.flatMap(({ term, value, id }) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      if (id !== undefined) dd.id = id;
      return [dt, dd];
    }),
  );
}

/** Calls `run` at most once per animation frame however often `schedule` is called (slider drags fire many inputs). */
export function perFrame(run: () => void | Promise<void>): () => void {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      void run();
    });
  };
}

/**
 * Links a range slider with a number field: moving either sets the other, and
 * `changed` runs with the value. Returns a reader of the current value.
 */
export function linkSlider(range: HTMLInputElement, field: HTMLInputElement, changed: () => void): () => number {
  range.addEventListener('input', () => {
    field.value = range.value;
    changed();
  });
  field.addEventListener('input', () => {
    if (field.value === '' || !Number.isFinite(Number(field.value))) return;
    range.value = field.value;
    changed();
  });
  return () => Number(field.value);
}
