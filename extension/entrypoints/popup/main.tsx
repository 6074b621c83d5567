import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PopupApp } from '../../popup/popup-app';
import { settingsStore } from '../../stores/settings';
import '../../ui/styles.css';

settingsStore.start();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PopupApp />
  </StrictMode>,
);
