import { useId } from 'react';
import type { DemoLocale, DemoText } from './demo-text';

export interface MailLanguageSelectProps {
  value: DemoLocale;
  onChange: (value: DemoLocale) => void;
  text: DemoText;
}

/**
 * メールの言語: the language the mail is written in, which its variables (the date) follow.
 * It is the mail's, not the screen's: a Japanese mail written from the English UI stays Japanese.
 */
export function MailLanguageSelect({ value, onChange, text }: MailLanguageSelectProps) {
  const id = useId();
  return (
    <div className="demo-form-row">
      <label htmlFor={id} className="demo-form-label">
        {text.mailLanguage}
      </label>
      <select
        id={id}
        value={value}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(event.target.value as DemoLocale)}
      >
        <option value="ja">{text.mailLanguages.ja}</option>
        <option value="en">{text.mailLanguages.en}</option>
      </select>
      <p id={`${id}-hint`} className="demo-hint">
        {text.mailLanguageHint}
      </p>
    </div>
  );
}
