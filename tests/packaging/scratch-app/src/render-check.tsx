// Renders the app from the installed tarballs in jsdom, against @ats-zoom/msw's handlers, the way
// a host's own component test would. Exits non-zero (with the reason) on any failed expectation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html lang="ja"><body></body></html>', {
  url: 'http://ats.test/',
  pretendToBeVisual: true,
});
const jsdomWindow = dom.window as unknown as Record<string, unknown>;
// Give Node the browser globals it lacks. Node's own fetch, URL and AbortController stay, so
// msw/node intercepts the client's requests; events dispatched on DOM nodes must be jsdom's.
for (const key of Object.getOwnPropertyNames(dom.window)) {
  if (key.startsWith('_') || (key in globalThis && key !== 'Event' && key !== 'CustomEvent')) {
    continue;
  }
  Object.defineProperty(globalThis, key, {
    configurable: true,
    get: () => jsdomWindow[key],
  });
}
// jsdom lacks what Radix Select calls on open (pointer capture, scrolling into view).
const elementPrototype = dom.window.Element.prototype;
elementPrototype.hasPointerCapture = () => false;
elementPrototype.setPointerCapture = () => {};
elementPrototype.releasePointerCapture = () => {};
elementPrototype.scrollIntoView = () => {};

const deadline = setTimeout(() => {
  console.error('render check: still waiting after 60 s');
  process.exit(1);
}, 60_000);

const errors: unknown[][] = [];
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  errors.push(args);
  consoleError(...args);
};

// Imported after the globals exist: React DOM and Testing Library read `document` on load.
const { createConnectionHandlers, hostScenarios, variableScenarios } = await import(
  '@ats-zoom/msw'
);
const { QueryClient } = await import('@tanstack/react-query');
const { cleanup, render, screen, waitFor } = await import('@testing-library/react');
const { userEvent } = await import('@testing-library/user-event');
const { setupServer } = await import('msw/node');
const { ScratchApp } = await import('./app.js');

const bffUrl = 'http://bff.test';
const server = setupServer(
  ...createConnectionHandlers({ baseUrl: bffUrl, zoom: 'connected', google: 'notConnected' }),
  ...hostScenarios.hostsMixed({ baseUrl: bffUrl }),
  ...variableScenarios.variablesTemplate({ baseUrl: bffUrl }),
);
server.listen({ onUnhandledRequest: 'error' });

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
try {
  const chosenHosts: string[] = [];
  const user = userEvent.setup({ document: dom.window.document });
  render(
    <ScratchApp
      bffUrl={bffUrl}
      getToken={() => 'scratch-token'}
      queryClient={queryClient}
      onHostChange={(connectionId) => chosenHosts.push(connectionId)}
    />,
  );

  await screen.findByText('連携済み', {}, { timeout: 10_000 });
  console.log('ok ZoomLinkButton: 連携済み');

  const picker = await screen.findByRole(
    'combobox',
    { name: 'ホスト（Zoom アカウント）' },
    { timeout: 10_000 },
  );
  await user.click(picker);
  // An option's name holds all it shows: owner, Zoom e-mail, 予定あり and the times.
  const busyHost = await screen.findByRole('option', {
    name: /^佐藤 花子 hanako\.sato@acme-corp\.example\.com 予定あり/,
  });
  await user.click(busyHost);
  await waitFor(() => assert.deepEqual(chosenHosts, ['conn_host_busy']));
  assert.match(picker.textContent ?? '', /佐藤 花子/);
  console.log('ok ZoomHostPicker: hanako.sato@acme-corp.example.com (予定あり) chosen');

  const inserter = screen.getByRole('button', { name: '変数を挿入' });
  await waitFor(
    () =>
      assert.equal(
        inserter.closest('[data-slot="variable-inserter"]')?.hasAttribute('data-busy'),
        false,
      ),
    { timeout: 10_000 },
  );
  const mailBody = screen.getByRole('textbox', { name: '本文' }) as HTMLTextAreaElement;
  await user.type(mailBody, '面接のURL: ');
  await user.click(inserter);
  await user.click(screen.getByRole('menuitem', { name: /^次のWeb面接・面談URL/ }));
  await waitFor(() => assert.match(mailBody.value, /\{\{次のWeb面接・面談URL\}\}/));
  console.log(`ok VariableInserter: 変数を挿入 -> "${mailBody.value}"`);

  const stylesheet = readFileSync(
    fileURLToPath(import.meta.resolve('@ats-zoom/react/styles.css')),
    'utf8',
  );
  assert.match(stylesheet, /\.atz-root/);
  const english = JSON.parse(
    readFileSync(fileURLToPath(import.meta.resolve('@ats-zoom/react/intl/en.json')), 'utf8'),
  ) as Record<string, string>;
  assert.equal(english['variableInserter.trigger'], 'Insert variable');
  console.log('ok exports: @ats-zoom/react/styles.css and /intl/en.json are in the package');

  assert.deepEqual(errors, [], 'nothing was logged with console.error');
  console.log('render check passed');
} finally {
  cleanup();
  server.close();
  clearTimeout(deadline);
  // React Query keeps cache entries for gcTime (5 minutes) on timers; jsdom runs animation frames.
  queryClient.clear();
  dom.window.close();
}
