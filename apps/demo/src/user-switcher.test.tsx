import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
// The react package's MSW server: the jsdom project's setup file starts and resets it.
import { server } from '../../../packages/react/test/msw-server';
import { demoText } from './demo-text';
import { acmeInterviewer, acmeRecruiter } from './demo-users.fixture';
import type { DemoUserSummary } from './host-session';
import { UserSwitcher } from './user-switcher';

const text = demoText.ja;

const kimura: DemoUserSummary = {
  ...acmeRecruiter,
  id: 'acme-recruiter-2',
  name: '木村 直子',
  email: 'kimura@acme-hr.example',
};
const tanaka: DemoUserSummary = {
  ...acmeRecruiter,
  id: 'globex-recruiter',
  tenantId: 'globex',
  tenantName: 'グロービクス株式会社',
  name: '田中 次郎',
  email: 'tanaka@globex-hr.example',
};

/** The switcher as the demo header holds it: the user list is state the status changes update. */
function Header({ initial, current }: { initial: DemoUserSummary[]; current: DemoUserSummary }) {
  const [users, setUsers] = useState(initial);
  return (
    <UserSwitcher
      users={users}
      current={current}
      text={text}
      onSwitch={() => undefined}
      onStatusChanged={(changed) =>
        setUsers((all) => all.map((user) => (user.id === changed.id ? changed : user)))
      }
    />
  );
}

function serveStatusChanges(users: DemoUserSummary[]) {
  const calls: { url: string; body: unknown }[] = [];
  server.use(
    http.put('*/host-api/users/:userId/status', async ({ request, params }) => {
      const body = (await request.json()) as { active: boolean };
      calls.push({ url: request.url, body });
      const user = users.find((candidate) => candidate.id === params.userId);
      return HttpResponse.json({ ...user, active: body.active });
    }),
  );
  return calls;
}

const option = (name: RegExp) => screen.getByRole('option', { name });

describe('the demo user switcher', () => {
  it('when a recruiter deactivates a colleague, then the host backend is asked, the switcher marks them 無効 and they cannot be picked; reactivated, they can again', async () => {
    const users = [acmeRecruiter, kimura, acmeInterviewer, tanaka];
    const calls = serveStatusChanges(users);
    const user = userEvent.setup();
    render(<Header initial={users} current={acmeRecruiter} />);

    expect(option(/木村 直子/)).toHaveProperty('disabled', false);
    await user.click(screen.getByText(text.manageUsers));
    const panel = screen.getByRole('list', { name: text.manageUsers });
    // Their own company's other accounts only: not themself, not another company's.
    expect(
      within(panel)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([expect.stringContaining('木村 直子'), expect.stringContaining('鈴木 一郎')]);

    await user.click(
      within(panel).getByRole('button', { name: `木村 直子: ${text.deactivateUser}` }),
    );

    expect(await within(panel).findByText(text.userDeactivated)).toBeInTheDocument();
    expect(calls).toEqual([
      {
        url: expect.stringMatching(
          /\/host-api\/users\/acme-recruiter-2\/status\?user=acme-recruiter$/,
        ),
        body: { active: false },
      },
    ]);
    expect(option(/木村 直子/).textContent).toContain(`[${text.userDeactivated}]`);
    expect(option(/木村 直子/)).toHaveProperty('disabled', true);
    expect(option(/鈴木 一郎/).textContent).not.toContain(text.userDeactivated);

    await user.click(
      within(panel).getByRole('button', { name: `木村 直子: ${text.reactivateUser}` }),
    );

    expect(
      await within(panel).findByRole('button', { name: `木村 直子: ${text.deactivateUser}` }),
    ).toBeInTheDocument();
    expect(calls.map((call) => call.body)).toEqual([{ active: false }, { active: true }]);
    expect(option(/木村 直子/)).toHaveProperty('disabled', false);
    expect(option(/木村 直子/).textContent).not.toContain(text.userDeactivated);
  });

  it('when the host backend refuses, then the switcher says so and nothing changes', async () => {
    server.use(
      http.put('*/host-api/users/:userId/status', () =>
        HttpResponse.json({ error: 'the BFF did not take the status' }, { status: 502 }),
      ),
    );
    const user = userEvent.setup();
    render(<Header initial={[acmeRecruiter, kimura]} current={acmeRecruiter} />);

    await user.click(screen.getByText(text.manageUsers));
    await user.click(screen.getByRole('button', { name: `木村 直子: ${text.deactivateUser}` }));

    expect(await screen.findByRole('alert')).toHaveTextContent(text.userStatusFailed);
    expect(option(/木村 直子/)).toHaveProperty('disabled', false);
    expect(screen.getByText(text.userActive)).toBeInTheDocument();
  });

  it('when the signed-in user is not a recruiter, then there is no user management, but deactivated colleagues are still marked', () => {
    render(
      <Header initial={[acmeRecruiter, { ...kimura, active: false }]} current={acmeInterviewer} />,
    );

    expect(screen.queryByText(text.manageUsers)).toBeNull();
    expect(option(/木村 直子/).textContent).toContain(`[${text.userDeactivated}]`);
    expect(option(/木村 直子/)).toHaveProperty('disabled', true);
  });
});
