import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { type DemoText, fill } from './demo-text';
import type { DemoUserSummary } from './host-session';
import { type MailTemplate, mailKeys, saveMailTemplate } from './mail-api';
import { useMailTemplates } from './mail-queries';
import { MailVariableField } from './mail-variable-field';

export interface MailTemplatesPageProps {
  user: DemoUserSummary;
  text: DemoText;
}

/** メールテンプレート: the tenant's saved texts; no candidate is known, so every variable fits. */
export function MailTemplatesPage({ user, text }: MailTemplatesPageProps) {
  const templates = useMailTemplates(user.id);
  // undefined: a new template; otherwise the one being edited.
  const [editingId, setEditingId] = useState<string>();
  const [savedName, setSavedName] = useState<string>();
  const choose = (templateId: string | undefined) => {
    setEditingId(templateId);
    setSavedName(undefined);
  };
  const editing = templates.data?.find((template) => template.id === editingId);

  return (
    <>
      <h1>{text.mailTemplates}</h1>
      <p>{text.templatesLead}</p>
      {templates.isError ? (
        <p role="alert" className="demo-error">
          {text.loadFailed}
        </p>
      ) : null}
      <div className="demo-mail-layout">
        <nav aria-label={text.savedTemplates} className="demo-template-list">
          <h2>{text.savedTemplates}</h2>
          <ul>
            {templates.data?.map((template) => (
              <li key={template.id}>
                <button
                  type="button"
                  className="demo-link-button"
                  aria-current={template.id === editingId ? 'true' : undefined}
                  onClick={() => choose(template.id)}
                >
                  {template.name}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="demo-button" onClick={() => choose(undefined)}>
            {text.newTemplate}
          </button>
        </nav>
        {/* key: the form starts from the chosen template's saved text. */}
        <TemplateForm
          key={editing?.id ?? 'new'}
          user={user}
          text={text}
          template={editing}
          onSaved={(saved) => {
            setEditingId(saved.id);
            setSavedName(saved.name);
          }}
        />
      </div>
      <p role="status" className="demo-status">
        {savedName === undefined ? '' : fill(text.templateSaved, { name: savedName })}
      </p>
    </>
  );
}

interface TemplateFormProps {
  user: DemoUserSummary;
  text: DemoText;
  template: MailTemplate | undefined;
  onSaved: (template: MailTemplate) => void;
}

function TemplateForm({ user, text, template, onSaved }: TemplateFormProps) {
  const ids = useId();
  const queryClient = useQueryClient();
  const [name, setName] = useState(template?.name ?? '');
  const [subject, setSubject] = useState(template?.subject ?? '');
  const [body, setBody] = useState(template?.body ?? '');
  const [invalid, setInvalid] = useState(false);
  const save = useMutation({
    mutationFn: () => saveMailTemplate(user.id, { name, subject, body }, template?.id),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: mailKeys.templates(user.id) });
      onSaved(saved);
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const filled = name.trim() !== '' && subject.trim() !== '' && body !== '';
    setInvalid(!filled || /[\r\n]/.test(subject));
    if (filled && !/[\r\n]/.test(subject)) save.mutate();
  };

  return (
    <form
      className="demo-form demo-mail-form"
      aria-labelledby={`${ids}-heading`}
      onSubmit={onSubmit}
      noValidate
    >
      <h2 id={`${ids}-heading`}>{template ? text.editTemplate : text.newTemplate}</h2>
      <MailVariableField
        label={text.templateName}
        value={name}
        onChange={setName}
        context="template"
        plain
      />
      <MailVariableField
        label={text.subject}
        value={subject}
        onChange={setSubject}
        context="template"
      />
      <MailVariableField
        label={text.body}
        value={body}
        onChange={setBody}
        context="template"
        multiline
      />
      <div className="demo-form-actions">
        <button type="submit" className="demo-button demo-button-primary" disabled={save.isPending}>
          {save.isPending ? text.saving : text.save}
        </button>
      </div>
      {invalid ? (
        <p role="alert" className="demo-error">
          {text.requiredFields}
        </p>
      ) : null}
      {save.isError ? (
        <p role="alert" className="demo-error">
          {text.templateSaveFailed}
        </p>
      ) : null}
    </form>
  );
}
