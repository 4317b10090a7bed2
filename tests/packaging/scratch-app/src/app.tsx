import { AtsZoomProvider, VariableInserter, ZoomHostPicker, ZoomLinkButton } from '@ats-zoom/react';
import { ja } from '@ats-zoom/react/locales/ja';
import type { QueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';

export interface ScratchAppProps {
  bffUrl: string;
  getToken: () => string | Promise<string>;
  queryClient?: QueryClient;
  /** Called with the chosen host's connection id. */
  onHostChange?: (connectionId: string) => void;
}

/** What a host ATS page embeds: the Zoom link, a host for an interview slot, a mail body. */
export function ScratchApp({ bffUrl, getToken, queryClient, onHostChange }: ScratchAppProps) {
  const [host, setHost] = useState('');
  // The interview slot: three days from now, on the hour, so it never falls into the past.
  const [start] = useState(() => {
    const at = new Date(Date.now() + 3 * 86_400_000);
    at.setUTCMinutes(0, 0, 0);
    return at.toISOString();
  });
  const mailBody = useRef<HTMLTextAreaElement>(null);
  return (
    <AtsZoomProvider bffUrl={bffUrl} getToken={getToken} locale={ja} queryClient={queryClient}>
      <ZoomLinkButton onConnected={(connection) => console.info('linked', connection.email)} />
      <ZoomHostPicker
        start={start}
        durationMinutes={30}
        timeZone="Asia/Tokyo"
        value={host}
        onValueChange={(connectionId) => {
          setHost(connectionId);
          onHostChange?.(connectionId);
        }}
      />
      <label>
        本文
        <textarea ref={mailBody} />
      </label>
      <VariableInserter target={mailBody} context="template" />
    </AtsZoomProvider>
  );
}
