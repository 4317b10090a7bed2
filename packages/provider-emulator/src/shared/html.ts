const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** Hidden inputs that carry request parameters through a form post. */
export function hiddenInputs(params: Record<string, string | undefined>): string {
  return Object.entries(params)
    .flatMap(([name, value]) => (value === undefined ? [] : [[name, value] as const]))
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('\n');
}

/** How one provider's pages look. */
export interface PageBrand {
  /** In the window title, e.g. `Zoom`. */
  name: string;
  /** The page header's wordmark. */
  wordmark: string;
  accent: string;
  maxWidth: string;
  /** Rules after the shared ones. */
  extraCss?: string;
}

/** A plain, accessible page; `body` must already be escaped HTML. */
export function renderEmulatorPage(brand: PageBrand, title: string, body: string): string {
  const extraCss = brand.extraCss ? `\n  ${brand.extraCss}` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - ${brand.name} (emulator)</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: ${brand.maxWidth}; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1f1f1f; }
  header { color: ${brand.accent}; font-weight: 700; margin-bottom: 1rem; }
  fieldset { border: 1px solid #ccc; border-radius: 6px; margin: 1rem 0; }
  label { display: block; padding: .25rem 0; }
  button { font: inherit; padding: .4rem 1rem; margin-right: .5rem; border-radius: 6px; border: 1px solid ${brand.accent}; background: #fff; color: ${brand.accent}; cursor: pointer; }
  button[value="allow"], button.primary { background: ${brand.accent}; color: #fff; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border-bottom: 1px solid #ddd; padding: .35rem; text-align: left; }
  .error { color: #b00020; }${extraCss}
</style>
</head>
<body>
<header>${brand.wordmark} <small>(provider emulator)</small></header>
<main>
${body}
</main>
</body>
</html>
`;
}
