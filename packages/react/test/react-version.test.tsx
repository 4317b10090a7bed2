import * as Select from '@radix-ui/react-select';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { version as reactVersion, useState } from 'react';
import { version as reactDomVersion } from 'react-dom';
import { describe, expect, it } from 'vitest';
import { testQueryClient } from './render-with-provider';

// Each jsdom project says which React major it runs on (vitest.config.ts, `env`).
const expectedMajor = process.env.ATZ_REACT_MAJOR;

function ReadsFromQuery() {
  const [label] = useState('from-state');
  const { data } = useQuery({ queryKey: ['react-version'], queryFn: () => `${label} via query` });
  return <p>{data ?? 'loading'}</p>;
}

describe('the React copy the components run on', () => {
  it('when the project names a React major, then react and react-dom are that major', () => {
    expect(expectedMajor).toMatch(/^(18|19)$/);
    expect(reactVersion.split('.')[0]).toBe(expectedMajor);
    expect(reactDomVersion.split('.')[0]).toBe(expectedMajor);
  });

  // Hooks only work when the renderer and the hook's module share one React copy: a second copy
  // throws "Invalid hook call". So each library below is proven to get the project's React.
  it('when Testing Library renders hooks from TanStack Query, then they share one React copy', async () => {
    render(
      <QueryClientProvider client={testQueryClient()}>
        <ReadsFromQuery />
      </QueryClientProvider>,
    );
    expect(await screen.findByText('from-state via query')).toBeInTheDocument();
  });

  it('when a Radix Select opens as a popper (portal, focus scope, scroll lock, Floating UI), then it shares the same React copy', async () => {
    const user = userEvent.setup();
    render(
      <Select.Root defaultValue="b">
        <Select.Trigger aria-label="letter">
          <Select.Value />
        </Select.Trigger>
        <Select.Portal>
          <Select.Content position="popper">
            <Select.Viewport>
              <Select.Item value="a">
                <Select.ItemText>A</Select.ItemText>
              </Select.Item>
              <Select.Item value="b">
                <Select.ItemText>B</Select.ItemText>
              </Select.Item>
            </Select.Viewport>
          </Select.Content>
        </Select.Portal>
      </Select.Root>,
    );
    const trigger = screen.getByRole('combobox', { name: 'letter' });
    expect(trigger).toHaveTextContent('B');
    await user.click(trigger);
    await user.click(await screen.findByRole('option', { name: 'A' }));
    expect(trigger).toHaveTextContent('A');
  });
});
