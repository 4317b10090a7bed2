import { escapeHtml } from '../zoom/zoom-html';

export { escapeHtml, hiddenInputs } from '../zoom/zoom-html';

/** A plain, accessible page; `body` must already be escaped HTML. */
export function renderGooglePage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - Google (emulator)</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1f1f1f; }
  header { color: #1a73e8; font-weight: 700; margin-bottom: 1rem; }
  fieldset { border: 1px solid #ccc; border-radius: 6px; margin: 1rem 0; }
  label { display: block; padding: .25rem 0; }
  button { font: inherit; padding: .4rem 1rem; margin-right: .5rem; border-radius: 6px; border: 1px solid #1a73e8; background: #fff; color: #1a73e8; cursor: pointer; }
  button[value="allow"], button.primary { background: #1a73e8; color: #fff; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border-bottom: 1px solid #ddd; padding: .35rem; text-align: left; vertical-align: top; }
  .cancelled { color: #777; text-decoration: line-through; }
  .error { color: #b00020; }
</style>
</head>
<body>
<header>Google <small>(provider emulator)</small></header>
<main>
${body}
</main>
</body>
</html>
`;
}
