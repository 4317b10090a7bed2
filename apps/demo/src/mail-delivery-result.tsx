import {
  type VariableKey,
  type VariableUnavailableReason,
  variableCatalog,
} from '@ats-zoom/contract';
import { type DemoLocale, type DemoText, fill } from './demo-text';
import { MalformedTemplateError } from './mail-api';

export interface MissingVariablesProps {
  missing: { key: VariableKey; reason: VariableUnavailableReason }[];
  unknownTokens: string[];
  locale: DemoLocale;
  text: DemoText;
}

/** Why a mail cannot be resolved (per variable), and tokens that name no variable. */
export function MissingVariables({ missing, unknownTokens, locale, text }: MissingVariablesProps) {
  // Subject and body can both use a variable: say each reason once.
  const seen = new Set<string>();
  const lines = missing.filter((item) => {
    const id = `${item.key}:${item.reason}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return (
    <>
      {lines.length > 0 ? (
        <ul className="demo-reasons">
          {lines.map((item) => (
            <li key={`${item.key}:${item.reason}`}>
              {fill(text.missingVariable, {
                label:
                  variableCatalog.find((entry) => entry.key === item.key)?.labels[locale] ??
                  item.key,
                reason: text.reasons[item.reason],
              })}
            </li>
          ))}
        </ul>
      ) : null}
      {unknownTokens.length > 0 ? (
        <p className="demo-hint">{fill(text.unknownTokens, { tokens: unknownTokens.join(' ') })}</p>
      ) : null}
    </>
  );
}

/** A resolved mail as the recipient reads it. */
export function MailText({
  subject,
  body,
  text,
}: {
  subject: string;
  body: string;
  text: DemoText;
}) {
  return (
    <div className="demo-mail-text">
      <p className="demo-mail-subject">
        <span className="demo-hint">{text.subject}: </span>
        {subject}
      </p>
      <pre className="demo-mail-body">{body}</pre>
    </div>
  );
}

/** Subject and body travel as one text (the subject is one line): the first line break parts them. */
export function splitMailText(resolved: string): { subject: string; body: string } {
  const lineBreak = resolved.indexOf('\n');
  return lineBreak < 0
    ? { subject: resolved, body: '' }
    : { subject: resolved.slice(0, lineBreak), body: resolved.slice(lineBreak + 1) };
}

/** Why a send failed: a malformed variable token the writer must fix, or anything else. */
export function SendFailed({ error, text }: { error: unknown; text: DemoText }) {
  return (
    <p role="alert" className="demo-error">
      {error instanceof MalformedTemplateError ? text.templateMalformed : text.sendFailed}
    </p>
  );
}
