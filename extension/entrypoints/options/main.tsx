import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { OptionsApp } from '../../options/options-app';
import { historyStore } from '../../stores/history';
import { settingsStore } from '../../stores/settings';
import '../../ui/styles.css';

settingsStore.start();
historyStore.start();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <OptionsApp />
  </StrictMode>,
);
