/** One modal form for the small edits (a budget's limit, an expense's correction). */
import { byId, byIdOf, field, h } from './dom.js';

/** A field of the dialog. */
export interface EditField {
  readonly name: string;
  readonly label: string;
  readonly value: string;
  readonly inputmode?: 'decimal' | 'text';
}

/**
 * Shows the dialog with `fields`; resolves to their values on Save, `undefined` on Cancel or
 * Escape. Focus returns to where it was.
 */
export function editInDialog(
  title: string,
  fields: readonly EditField[],
): Promise<Record<string, string> | undefined> {
  const dialog = byIdOf('edit-dialog', HTMLDialogElement);
  const form = byIdOf('edit-form', HTMLFormElement);
  byId('edit-title').textContent = title;
  byId('edit-fields').replaceChildren(
    ...fields.map((field) =>
      h(
        'label',
        {},
        field.label,
        h('input', {
          name: field.name,
          value: field.value,
          inputmode: field.inputmode ?? 'text',
          autocomplete: 'off',
          required: true,
        }),
      ),
    ),
  );
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => {
        if (dialog.returnValue !== 'save') {
          resolve(undefined);
          return;
        }
        const data = new FormData(form);
        resolve(Object.fromEntries(fields.map((f) => [f.name, field(data, f.name)])));
      },
      { once: true },
    );
    dialog.returnValue = '';
    dialog.showModal();
  });
}
