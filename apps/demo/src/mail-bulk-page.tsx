import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ChoiceSelect } from './choice-select';
import { type DemoLocale, type DemoText, fill } from './demo-text';
import type { DemoUserSummary } from './host-session';
import { bulkSendMail } from './mail-api';
import { MailText, MissingVariables, SendFailed } from './mail-delivery-result';
import { MailLanguageSelect } from './mail-language-select';
import { useMailCandidates, useMailTemplates } from './mail-queries';

export interface MailBulkPageProps {
  user: DemoUserSummary;
  locale: DemoLocale;
  text: DemoText;
}

/** 一括送信: one template to many candidates, each getting their own values or a reason. */
export function MailBulkPage({ user, locale, text }: MailBulkPageProps) {
  const ids = useId();
  const [templateId, setTemplateId] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  // The template's language, not the screen's: the templates of this ATS are Japanese.
  const [mailLocale, setMailLocale] = useState<DemoLocale>('ja');
  const candidates = useMailCandidates(user.id);
  const templates = useMailTemplates(user.id);
  const send = useMutation({
    mutationFn: () =>
      bulkSendMail(user.id, { templateId, candidateIds: selected, locale: mailLocale }),
  });
  const template = templates.data?.find((item) => item.id === templateId);

  const toggle = (candidateId: string, checked: boolean) => {
    send.reset();
    // Keep the tenant's list order, so results read in the order shown.
    const order = candidates.data?.map((candidate) => candidate.id) ?? [];
    const next = checked ? [...selected, candidateId] : selected.filter((id) => id !== candidateId);
    setSelected(order.filter((id) => next.includes(id)));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (templateId === '' || selected.length === 0) return;
    send.mutate();
  };

  const deliveries = send.data;
  const sentCount = deliveries?.filter((delivery) => delivery.status === 'sent').length ?? 0;
  return (
    <>
      <h1>{text.bulkSend}</h1>
      <p>{text.bulkLead}</p>
      {candidates.isError || templates.isError ? (
        <p role="alert" className="demo-error">
          {text.loadFailed}
        </p>
      ) : null}
      {templates.data?.length === 0 ? <p className="demo-note">{text.noTemplates}</p> : null}
      <form className="demo-form" onSubmit={onSubmit}>
        <ChoiceSelect
          label={text.template}
          placeholder={text.chooseTemplate}
          value={templateId}
          onChange={(id) => {
            setTemplateId(id);
            send.reset();
          }}
          choices={templates.data?.map((item) => ({ value: item.id, label: item.name }))}
        />
        <MailLanguageSelect
          value={mailLocale}
          onChange={(next) => {
            setMailLocale(next);
            send.reset();
          }}
          text={text}
        />
        {template ? (
          <section aria-label={text.templateContent} className="demo-mail-preview">
            <MailText subject={template.subject} body={template.body} text={text} />
          </section>
        ) : null}
        <fieldset className="demo-fieldset">
          <legend className="demo-form-label">
            {fill(text.recipients, { count: selected.length })}
          </legend>
          {candidates.data?.map((candidate) => (
            <label key={candidate.id} className="demo-choice demo-recipient">
              <input
                type="checkbox"
                checked={selected.includes(candidate.id)}
                onChange={(event) => toggle(candidate.id, event.target.checked)}
              />
              {candidate.name}（{candidate.position}）
            </label>
          ))}
        </fieldset>
        <div className="demo-form-actions">
          <button
            type="submit"
            className="demo-button demo-button-primary"
            disabled={send.isPending || templateId === '' || selected.length === 0}
          >
            {send.isPending ? text.sending : text.send}
          </button>
        </div>
      </form>
      {send.isError ? <SendFailed error={send.error} text={text} /> : null}
      {deliveries ? (
        <section aria-labelledby={`${ids}-results`} className="demo-action">
          <h2 id={`${ids}-results`}>{text.sendResult}</h2>
          <p role="status">
            {fill(text.bulkSummary, { sent: sentCount, notSent: deliveries.length - sentCount })}
          </p>
          <table className="demo-table">
            <thead>
              <tr>
                <th scope="col">{text.candidate}</th>
                <th scope="col">{text.result}</th>
                <th scope="col">{text.content}</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((delivery) => (
                <tr key={delivery.candidateId}>
                  <th scope="row" className="demo-person-name">
                    {delivery.candidateName}
                  </th>
                  <td className={delivery.status === 'sent' ? 'demo-status' : 'demo-error'}>
                    {delivery.status === 'sent' ? text.statusSent : text.statusNotSent}
                  </td>
                  <td>
                    {delivery.subject !== null && delivery.text !== null ? (
                      <MailText subject={delivery.subject} body={delivery.text} text={text} />
                    ) : null}
                    <MissingVariables
                      missing={delivery.missing}
                      unknownTokens={delivery.unknownTokens}
                      locale={locale}
                      text={text}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}
