import { randomInt } from 'node:crypto';
import type { ZoomUserProfile } from './seed-zoom-accounts';
import type { ZoomMeetingSettingsPolicy, ZoomPasscodeRequirement } from './zoom-types';

const NO_REQUIREMENT: ZoomPasscodeRequirement = {
  length: 0,
  have_letter: false,
  have_number: false,
  have_special_character: false,
  have_upper_and_lower_characters: false,
  only_allow_numeric: false,
  consecutive_characters_length: 0,
  weak_enhance_detection: false,
};

/** Passcode required and locked, with the passcode embedded in join links. */
function forcedPasscodePolicy(requirement: ZoomPasscodeRequirement): ZoomMeetingSettingsPolicy {
  return {
    passcodeRequired: true,
    passcodeLocked: true,
    embedPasswordInJoinLink: true,
    waitingRoom: false,
    joinBeforeHost: false,
    concurrentMeeting: 'None',
    passcodeRequirement: requirement,
  };
}

/**
 * Seeded meeting settings. Personal (single-user Basic) accounts: passcode always required and
 * not modifiable (research §5). acme: the admin forced and locked the passcode, embed on.
 * globex: no passcode rule, embed off, waiting room on (a cautious company default).
 */
export function seedMeetingSettings(user: ZoomUserProfile): ZoomMeetingSettingsPolicy {
  if (user.kind === 'personal') {
    return forcedPasscodePolicy({ ...NO_REQUIREMENT, length: 6 });
  }
  if (user.accountAlias === 'acme') {
    return forcedPasscodePolicy({
      ...NO_REQUIREMENT,
      length: 8,
      have_letter: true,
      have_number: true,
      have_upper_and_lower_characters: true,
    });
  }
  return {
    passcodeRequired: false,
    passcodeLocked: false,
    embedPasswordInJoinLink: false,
    waitingRoom: true,
    joinBeforeHost: false,
    concurrentMeeting: 'None',
    passcodeRequirement: { ...NO_REQUIREMENT },
  };
}

/** Zoom generates a passcode through the API only when the setting is on AND locked (SPEC23). */
export function passcodeForced(policy: ZoomMeetingSettingsPolicy): boolean {
  return policy.passcodeRequired && policy.passcodeLocked;
}

const PASSCODE_CHARSET = /^[A-Za-z0-9@\-_*]+$/;
const SPECIAL = /[@\-_*]/;

/** Why a requested passcode is refused, in Zoom's words where known; null when it is fine. */
export function passcodeProblem(
  password: string,
  requirement: ZoomPasscodeRequirement,
): string | null {
  if (password.length > 10) return 'Passcode may only have a maximum of 10 characters.';
  if (!PASSCODE_CHARSET.test(password)) {
    return 'Passcode may only contain the following characters: [a-z A-Z 0-9 @ - _ *].';
  }
  if (password.length < requirement.length) {
    return `Passcode must have at least ${requirement.length} characters.`;
  }
  if (requirement.only_allow_numeric && !/^\d+$/.test(password)) {
    return 'Passcode must only contain numbers.';
  }
  if (requirement.have_letter && !/[A-Za-z]/.test(password)) {
    return 'Passcode must contain at least 1 letter.';
  }
  if (requirement.have_number && !/\d/.test(password)) {
    return 'Passcode must contain at least 1 number.';
  }
  if (requirement.have_special_character && !SPECIAL.test(password)) {
    return 'Passcode must have at least 1 special character.';
  }
  if (
    requirement.have_upper_and_lower_characters &&
    !(/[a-z]/.test(password) && /[A-Z]/.test(password))
  ) {
    return 'Passcode must include both uppercase and lowercase characters.';
  }
  const run = requirement.consecutive_characters_length;
  if (run > 0 && hasConsecutiveRun(password, run)) {
    return `Passcode cannot contain ${run} or more consecutive characters (e.g. "1234" or "aaaa").`;
  }
  return null;
}

function hasConsecutiveRun(password: string, run: number): boolean {
  let same = 1;
  let ascending = 1;
  for (let i = 1; i < password.length; i++) {
    const step = password.charCodeAt(i) - password.charCodeAt(i - 1);
    same = step === 0 ? same + 1 : 1;
    ascending = step === 1 ? ascending + 1 : 1;
    if (same >= run || ascending >= run) return true;
  }
  return false;
}

const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)] as string;
}

/** A passcode like Zoom's generated ones (6+ characters) that satisfies the account policy. */
export function generatePasscode(requirement: ZoomPasscodeRequirement): string {
  const length = Math.min(10, Math.max(6, requirement.length));
  for (;;) {
    let chars: string[];
    if (requirement.only_allow_numeric) {
      chars = Array.from({ length }, () => pick('0123456789'));
    } else {
      chars = [pick(LOWER), pick(UPPER), pick(DIGITS)];
      if (requirement.have_special_character) chars.push(pick('@-_*'));
      while (chars.length < length) chars.push(pick(LOWER + UPPER + DIGITS));
      for (let i = chars.length - 1; i > 0; i--) {
        const j = randomInt(i + 1);
        [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
      }
    }
    const passcode = chars.join('');
    if (passcodeProblem(passcode, requirement) === null) return passcode;
  }
}

/** `GET /v2/users/{userId}/settings` (default option): the sections the emulator models. */
export function toUserSettingsResource(user: ZoomUserProfile, policy: ZoomMeetingSettingsPolicy) {
  const licensed = user.type === 2;
  const required = policy.passcodeRequired;
  return {
    email_notification: {
      alternative_host_reminder: true,
      cancel_meeting_reminder: true,
      cloud_recording_available_reminder: licensed,
      jbh_reminder: true,
      recording_available_reminder_alternative_hosts: false,
      recording_available_reminder_schedulers: licensed,
      schedule_for_reminder: true,
    },
    feature: {
      cn_meeting: false,
      concurrent_meeting: policy.concurrentMeeting,
      in_meeting: false,
      large_meeting: false,
      meeting_capacity: licensed ? 300 : 100,
      webinar: false,
      zoom_phone: false,
    },
    in_meeting: {
      annotation: true,
      breakout_room: false,
      chat: true,
      closed_caption: false,
      co_host: licensed,
      e2e_encryption: false,
      entry_exit_chime: 'all' as const,
      file_transfer: true,
      non_verbal_feedback: true,
      polling: licensed,
      private_chat: true,
      remote_control: true,
      screen_sharing: true,
      virtual_background: true,
      waiting_room: policy.waitingRoom,
      who_can_share_screen: 'host' as const,
    },
    recording: {
      auto_recording: 'none',
      cloud_recording: licensed,
      local_recording: true,
      record_audio_file: true,
      record_speaker_view: true,
      save_chat_text: true,
      show_timestamp: false,
    },
    schedule_meeting: {
      audio_type: 'both' as const,
      default_password_for_scheduled_meetings: '',
      embed_password_in_join_link: policy.embedPasswordInJoinLink,
      force_pmi_jbh_password: false,
      host_video: false,
      join_before_host: policy.joinBeforeHost,
      meeting_password_requirement: { ...policy.passcodeRequirement },
      participants_video: false,
      personal_meeting: true,
      pmi_password: '',
      pstn_password_protected: required,
      require_password_for_instant_meetings: required,
      require_password_for_pmi_meetings: required ? ('all' as const) : ('none' as const),
      require_password_for_scheduled_meetings: required,
      require_password_for_scheduling_new_meetings: required,
      use_pmi_for_instant_meetings: false,
      use_pmi_for_scheduled_meetings: false,
    },
    telephony: {
      audio_conference_info: '',
      show_international_numbers_link: true,
      third_party_audio: false,
    },
  };
}

/**
 * `GET /v2/users/{userId}/settings?option=meeting_security`. Lock settings themselves are an
 * admin API (`account:read:admin`), so this is how a user-level app learns whether the
 * passcode is enforced: `meeting_password` is true exactly when every meeting of the user
 * gets a passcode whatever the request says (the admin turned it on and locked it, or a
 * single-user account where it cannot be turned off).
 */
export function toMeetingSecurityResource(policy: ZoomMeetingSettingsPolicy) {
  const forced = passcodeForced(policy);
  return {
    meeting_security: {
      auto_security: true,
      block_user_domain: false,
      block_user_domain_list: [] as string[],
      embed_password_in_join_link: policy.embedPasswordInJoinLink,
      encryption_type: 'enhanced_encryption' as const,
      end_to_end_encrypted_meetings: false,
      meeting_password: forced,
      meeting_password_requirement: { ...policy.passcodeRequirement },
      only_authenticated_can_join_from_webclient: false,
      phone_password: forced,
      pmi_password: forced,
      require_password_for_scheduled_meeting: forced,
      require_password_for_scheduled_webinar: false,
      waiting_room: policy.waitingRoom,
      webinar_password: false,
    },
  };
}

/**
 * `custom_query_fields=a,b`: keeps only the named settings (matched by their own name inside
 * any section, or a whole section by its name) and drops sections left empty.
 */
export function filterCustomQueryFields<T extends Record<string, Record<string, unknown>>>(
  resource: T,
  fields: readonly string[],
): Partial<T> {
  const wanted = new Set(fields);
  const out: Record<string, Record<string, unknown>> = {};
  for (const [section, values] of Object.entries(resource)) {
    if (wanted.has(section)) {
      out[section] = values;
      continue;
    }
    const kept = Object.fromEntries(Object.entries(values).filter(([name]) => wanted.has(name)));
    if (Object.keys(kept).length > 0) out[section] = kept;
  }
  return out as Partial<T>;
}
