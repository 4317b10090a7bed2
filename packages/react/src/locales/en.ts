import messages from '../intl/en.json';
import type { LocaleMessages } from '../intl/messages';

/** English: `<AtsZoomProvider locale={en}>`. */
export const en: LocaleMessages = { locale: 'en', messages };
