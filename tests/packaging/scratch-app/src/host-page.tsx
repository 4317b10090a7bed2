import '@ats-zoom/react/styles.css';
import { createRoot } from 'react-dom/client';
import { ScratchApp } from './app.js';

async function fetchHostToken(): Promise<string> {
  const response = await fetch('/api/ats-zoom/token');
  return ((await response.json()) as { token: string }).token;
}

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <ScratchApp bffUrl="https://bff.example.com" getToken={fetchHostToken} />,
  );
}
