import { useState } from 'react';
import type { DemoText } from './demo-text';
import { type DemoUserSummary, setDemoUserStatus } from './host-session';

export interface UserSwitcherProps {
  users: DemoUserSummary[];
  current: DemoUserSummary;
  text: DemoText;
  onSwitch: (userId: string) => void;
  /** A colleague was deactivated or reactivated: their summary as it now stands. */
  onStatusChanged: (user: DemoUserSummary) => void;
}

/**
 * The header's user switcher: a deactivated account is marked 無効 and cannot be picked (it
 * cannot sign in). A recruiter also gets ユーザー管理, to deactivate or reactivate the other
 * accounts of their company.
 */
export function UserSwitcher({
  users,
  current,
  text,
  onSwitch,
  onStatusChanged,
}: UserSwitcherProps) {
  return (
    <>
      <label className="demo-field">
        {text.signedInAs}
        <select value={current.id} onChange={(event) => onSwitch(event.target.value)}>
          {users.map((candidate) => (
            <option key={candidate.id} value={candidate.id} disabled={!candidate.active}>
              {candidate.name} ({text.roles[candidate.role]}, {candidate.tenantName})
              {candidate.active ? '' : ` [${text.userDeactivated}]`}
            </option>
          ))}
        </select>
      </label>
      {current.role === 'recruiter' ? (
        <UserAdministration
          admin={current}
          colleagues={users.filter(
            (other) => other.tenantId === current.tenantId && other.id !== current.id,
          )}
          text={text}
          onStatusChanged={onStatusChanged}
        />
      ) : null}
    </>
  );
}

function UserAdministration({
  admin,
  colleagues,
  text,
  onStatusChanged,
}: {
  admin: DemoUserSummary;
  colleagues: DemoUserSummary[];
  text: DemoText;
  onStatusChanged: (user: DemoUserSummary) => void;
}) {
  const [pending, setPending] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  const change = async (colleague: DemoUserSummary) => {
    setPending(colleague.id);
    setFailed(false);
    try {
      onStatusChanged(await setDemoUserStatus(admin, colleague.id, !colleague.active));
    } catch {
      setFailed(true);
    } finally {
      setPending(null);
    }
  };

  return (
    <details className="demo-users">
      <summary>{text.manageUsers}</summary>
      <div className="demo-users-panel">
        <p className="demo-hint">{text.manageUsersHint}</p>
        <ul aria-label={text.manageUsers}>
          {colleagues.map((colleague) => (
            <li key={colleague.id}>
              <span>
                {colleague.name} ({text.roles[colleague.role]})
              </span>{' '}
              <span className={colleague.active ? 'demo-badge' : 'demo-badge demo-badge-off'}>
                {colleague.active ? text.userActive : text.userDeactivated}
              </span>{' '}
              <button
                type="button"
                disabled={pending !== null}
                aria-label={`${colleague.name}: ${
                  colleague.active ? text.deactivateUser : text.reactivateUser
                }`}
                onClick={() => void change(colleague)}
              >
                {colleague.active ? text.deactivateUser : text.reactivateUser}
              </button>
            </li>
          ))}
        </ul>
        {failed ? <p role="alert">{text.userStatusFailed}</p> : null}
      </div>
    </details>
  );
}
