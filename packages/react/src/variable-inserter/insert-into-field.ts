/** A text field a variable can be inserted into. */
export type InsertableField = HTMLTextAreaElement | HTMLInputElement;

/** A selection in a field (start = end for a caret). */
export interface FieldSelection {
  start: number;
  end: number;
}

/** The field's selection, or the end of its text when the browser reports none. */
export function selectionOf(field: InsertableField): FieldSelection {
  const end = field.value.length;
  const start = field.selectionStart ?? end;
  return { start, end: field.selectionEnd ?? start };
}

/**
 * Replaces `selection` in `field` with `text`, focuses the field and leaves the caret right
 * after the text. Returns false when the field cannot take it (disabled or read-only).
 *
 * `document.execCommand('insertText')` is used where the browser supports it: it goes through
 * the browser's editing pipeline, so Ctrl+Z undoes the insertion and an `input` event fires
 * (React's `onChange` of a controlled field sees it). Elsewhere (jsdom, or a browser that
 * refuses) `setRangeText` plus a dispatched `input` event do the same, without undo.
 */
export function insertIntoField(
  field: InsertableField,
  text: string,
  selection: FieldSelection = selectionOf(field),
): boolean {
  if (field.disabled || field.readOnly) return false;
  const clamp = (at: number, min: number) => Math.min(Math.max(at, min), field.value.length);
  const start = clamp(selection.start, 0);
  const end = clamp(selection.end, start);
  field.focus({ preventScroll: true });
  field.setSelectionRange(start, end);
  try {
    // Deprecated but still the only way to edit a field with the browser's undo history kept;
    // it throws where `execCommand` is gone.
    if (document.execCommand('insertText', false, text)) return true;
  } catch {
    // Falls back below.
  }
  // Changes the value without React's instance setter, so React's value tracker still holds
  // the old value and treats the `input` event below as a real change.
  field.setRangeText(text, start, end, 'end');
  field.dispatchEvent(
    new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }),
  );
  return true;
}
