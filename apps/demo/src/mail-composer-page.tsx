import { isApiError } from '@ats-zoom/client';
import { type UseRenderedPreviewResult, useRenderedPreview } from '@ats-zoom/react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { ChoiceSelect } from './choice-select';
import { type DemoLocale, type DemoText, fill } from './demo-text';
import type { DemoUserSummary } from './host-session';
import { interviewTimeZone } from './interviews-api';
import { sendMail } from './mail-api';
import { MailText, MissingVariables, SendFailed, splitMailText } from './mail-delivery-result';
import { MailLanguageSelect } from './mail-language-select';
import { useMailCandidates } from './mail-queries';
import { MailVariableField } from './mail-variable-field';

export interface MailComposerPageProps {
  user: DemoUserSummary;
  locale: DemoLocale;
  text: DemoText;
}

/** 候補者へのメール作成: one mail to one candidate, with the resolved text previewed live. */
export function MailComposerPage({ user, locale, text }: MailComposerPageProps) {
  const ids = useId();
  const [candidateId, setCandidateId] = useState('');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  // The mail's language, not the screen's: the templates and mails of this ATS are Japanese.
  const [mailLocale, setMailLocale] = useState<DemoLocale>('ja');
  const candidates = useMailCandidates(user.id);
  const send = useMutation({
    mutationFn: () => sendMail(user.id, { candidateId, subject, body, locale: mailLocale }),
  });
  const empty = subject.trim() === '' && body.trim() === '';
  const preview = useRenderedPreview({
    template: `${subject}\n${body}`,
    candidateId,
    locale: mailLocale,
    timeZone: interviewTimeZone,
    enabled: !empty,
  });
  // The preview says this text cannot be sent (a variable without a value, or a malformed
  // template): 送信 waits until it can, and names the reason the preview shows.
  const unsendable =
    candidateId !== '' &&
    !empty &&
    ((preview.data !== undefined && preview.data.text === null) ||
      (isApiError(preview.error) && preview.error.code === 'template_malformed'));
  const unsendableId = `${ids}-unsendable`;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (candidateId === '' || subject.trim() === '' || body === '') return;
    send.mutate();
  };

  const delivery = send.data;
  return (
    <>
      <h1>{text.composeMail}</h1>
      <p>{text.composeLead}</p>
      {candidates.isError ? (
        <p role="alert" className="demo-error">
          {text.loadFailed}
        </p>
      ) : null}
      <div className="demo-mail-layout">
        <form className="demo-form demo-mail-form" onSubmit={onSubmit}>
          <ChoiceSelect
            label={text.candidate}
            placeholder={text.chooseCandidate}
            value={candidateId}
            onChange={(id) => {
              setCandidateId(id);
              send.reset();
            }}
            choices={candidates.data?.map((candidate) => ({
              value: candidate.id,
              label: `${candidate.name}（${candidate.position}）`,
            }))}
          />
          <MailLanguageSelect
            value={mailLocale}
            onChange={(next) => {
              setMailLocale(next);
              send.reset();
            }}
            text={text}
          />
          <MailVariableField
            label={text.subject}
            value={subject}
            onChange={setSubject}
            context="single"
            candidateId={candidateId || undefined}
            mailLocale={mailLocale}
          />
          <MailVariableField
            label={text.body}
            value={body}
            onChange={setBody}
            context="single"
            candidateId={candidateId || undefined}
            mailLocale={mailLocale}
            multiline
          />
          <div className="demo-form-actions">
            <button
              type="submit"
              className="demo-button demo-button-primary"
              disabled={send.isPending || candidateId === '' || unsendable}
              aria-describedby={unsendable ? unsendableId : undefined}
            >
              {send.isPending ? text.sending : text.send}
            </button>
          </div>
        </form>
        <MailPreview
          preview={preview}
          candidateId={candidateId}
          empty={empty}
          unsendableId={unsendableId}
          locale={locale}
          text={text}
        />
      </div>
      {send.isError ? <SendFailed error={send.error} text={text} /> : null}
      {delivery ? (
        <section aria-labelledby={`${ids}-result`} className="demo-action">
          <h2 id={`${ids}-result`}>{text.sendResult}</h2>
          <p role="status" className={delivery.status === 'sent' ? 'demo-status' : 'demo-error'}>
            {fill(delivery.status === 'sent' ? text.sentTo : text.notSentTo, {
              name: delivery.candidateName,
            })}
          </p>
          {delivery.status === 'sent' && delivery.subject !== null && delivery.text !== null ? (
            <MailText subject={delivery.subject} body={delivery.text} text={text} />
          ) : null}
          <MissingVariables
            missing={delivery.missing}
            unknownTokens={delivery.unknownTokens}
            locale={locale}
            text={text}
          />
        </section>
      ) : null}
    </>
  );
}

interface MailPreviewProps {
  /** The BFF's rendering of the subject and body for the candidate, in the mail's language. */
  preview: UseRenderedPreviewResult;
  candidateId: string;
  /** Neither a subject nor a body yet. */
  empty: boolean;
  /** Id of the text saying why this content cannot be sent (it describes 送信). */
  unsendableId: string;
  /** The screen's language, for the explanations around the preview. */
  locale: DemoLocale;
  text: DemoText;
}

/** What the candidate will receive, resolved by the BFF as the writer types. */
function MailPreview({
  preview,
  candidateId,
  empty,
  unsendableId,
  locale,
  text,
}: MailPreviewProps) {
  const ids = useId();

  let content: ReactNode;
  if (candidateId === '') content = <p className="demo-hint">{text.previewNeedsCandidate}</p>;
  else if (empty) content = <p className="demo-hint">{text.previewNeedsText}</p>;
  else if (preview.isError) {
    content = (
      <p role="alert" className="demo-error" id={unsendableId}>
        {isApiError(preview.error) && preview.error.code === 'template_malformed'
          ? text.templateMalformed
          : text.loadFailed}
      </p>
    );
  } else if (!preview.data) content = <p className="demo-hint">{text.loading}</p>;
  else {
    const result = preview.data;
    const resolved = result.text === null ? null : splitMailText(result.text);
    content = (
      <>
        {resolved ? (
          <MailText subject={resolved.subject} body={resolved.body} text={text} />
        ) : (
          <p className="demo-error" id={unsendableId}>
            {text.previewUnresolved}
          </p>
        )}
        <MissingVariables
          missing={result.missing}
          unknownTokens={result.unknownTokens}
          locale={locale}
          text={text}
        />
      </>
    );
  }

  return (
    <section
      aria-labelledby={`${ids}-heading`}
      aria-busy={preview.isStale || preview.isFetching}
      className="demo-mail-preview"
    >
      <h2 id={`${ids}-heading`}>{text.preview}</h2>
      {preview.isStale && !empty && candidateId !== '' ? (
        <p className="demo-hint">{text.previewUpdating}</p>
      ) : null}
      {content}
    </section>
  );
}
