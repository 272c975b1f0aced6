import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { createApi } from './api.ts';
import { readSettings } from './settings.ts';

const settings = readSettings(window.location);
// `?mock=browser`: the whole API answered inside this tab (MSW's service worker over the in-memory store,
// the stateful mock's demo data). Loaded only then, so the app's own bundle carries no mock.
if (settings.browserMock) {
  const { createBrowserMock } = await import('@phone-api/browser-mock/browser');
  await createBrowserMock().start();
}
// Failures are shown as they come: the SDK's retries are off, and so are TanStack Query's.
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App api={createApi(settings)} settings={settings} />
    </QueryClientProvider>
  </StrictMode>,
);
