import { randomInt } from 'node:crypto';
import type { PasscodeRequirement } from '../ports';

const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SPECIAL = '@-_*';

const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)] as string;

/** True when `passcode` meets the account's `meeting_password_requirement` (and Zoom's 10-char cap). */
export function satisfiesPasscodeRequirement(
  passcode: string,
  requirement: PasscodeRequirement,
): boolean {
  if (passcode.length > 10 || passcode.length < requirement.length) return false;
  if (!/^[A-Za-z0-9@\-_*]+$/.test(passcode)) return false;
  if (requirement.onlyAllowNumeric && !/^\d+$/.test(passcode)) return false;
  if (requirement.haveLetter && !/[A-Za-z]/.test(passcode)) return false;
  if (requirement.haveNumber && !/\d/.test(passcode)) return false;
  if (requirement.haveSpecialCharacter && !/[@\-_*]/.test(passcode)) return false;
  if (
    requirement.haveUpperAndLowerCharacters &&
    !(/[a-z]/.test(passcode) && /[A-Z]/.test(passcode))
  )
    return false;
  const run = requirement.consecutiveCharactersLength;
  if (run > 0) {
    let same = 1;
    let ascending = 1;
    for (let i = 1; i < passcode.length; i++) {
      const step = passcode.charCodeAt(i) - passcode.charCodeAt(i - 1);
      same = step === 0 ? same + 1 : 1;
      ascending = step === 1 ? ascending + 1 : 1;
      if (same >= run || ascending >= run) return false;
    }
  }
  return true;
}

/**
 * A random passcode that satisfies the host account's policy, so Zoom accepts it (a refused
 * passcode fails the create, sometimes with an XML body). Used when join-before-host needs a
 * passcode that the account does not force: without one Zoom turns the waiting room on.
 */
export function generateMeetingPasscode(requirement: PasscodeRequirement): string {
  const length = Math.min(10, Math.max(8, requirement.length));
  for (;;) {
    let chars: string[];
    if (requirement.onlyAllowNumeric) {
      chars = Array.from({ length }, () => pick('0123456789'));
    } else {
      chars = [pick(LOWER), pick(UPPER), pick(DIGITS)];
      if (requirement.haveSpecialCharacter) chars.push(pick(SPECIAL));
      while (chars.length < length) chars.push(pick(LOWER + UPPER + DIGITS));
      for (let i = chars.length - 1; i > 0; i--) {
        const j = randomInt(i + 1);
        [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
      }
    }
    const passcode = chars.join('');
    if (satisfiesPasscodeRequirement(passcode, requirement)) return passcode;
  }
}
