import type { VariableContext } from '@ats-zoom/contract';
import { VariableInserter } from '@ats-zoom/react';
import { useId, useRef } from 'react';
import type { DemoLocale } from './demo-text';

export interface MailVariableFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Where the text is written, for the 変数を挿入 menu. */
  context: VariableContext;
  /** The recipient in `single`. */
  candidateId?: string;
  /**
   * The mail's language: variables go in as their label in it (`{{次のWeb面接・面談URL}}`).
   * Defaults to Japanese, the language of this ATS's templates, whatever the screen's.
   */
  mailLocale?: DemoLocale;
  /** A `<textarea>` (body) rather than a one-line `<input>` (subject, name). */
  multiline?: boolean;
  /** Without the 変数を挿入 menu (a template's name). */
  plain?: boolean;
}

/**
 * One labelled mail field with its own 変数を挿入 menu. The group carries the field's name so
 * each menu button is told apart (「件名」の変数を挿入, 「本文」の変数を挿入).
 */
export function MailVariableField({
  label,
  value,
  onChange,
  context,
  candidateId,
  mailLocale = 'ja',
  multiline = false,
  plain = false,
}: MailVariableFieldProps) {
  const ids = useId();
  const fieldRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const fieldId = `${ids}-field`;
  const labelId = `${ids}-label`;
  const fieldProps = {
    ref: fieldRef,
    id: fieldId,
    value,
    required: true,
    onChange: (event: { target: { value: string } }) => onChange(event.target.value),
  };
  return (
    <fieldset aria-labelledby={labelId} className="demo-fieldset demo-form-row demo-mail-field">
      <div className="demo-mail-field-head">
        <label id={labelId} htmlFor={fieldId} className="demo-form-label">
          {label}
        </label>
        {plain ? null : (
          <VariableInserter
            target={fieldRef}
            context={context}
            candidateId={candidateId}
            locale={mailLocale}
          />
        )}
      </div>
      {multiline ? (
        <textarea {...fieldProps} rows={9} className="demo-textarea" />
      ) : (
        <input {...fieldProps} type="text" className="demo-text-input" />
      )}
    </fieldset>
  );
}
