import messages from '../intl/ja.json';
import type { LocaleMessages } from '../intl/messages';

/** Japanese: `<AtsZoomProvider locale={ja}>`. */
export const ja: LocaleMessages = { locale: 'ja', messages };
