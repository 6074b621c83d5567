import { useEffect } from 'react';
import { useSettings } from '../stores/settings';
import { useLiteSidecar } from '../ui/use-sidecar';
import { CompanionSection } from './companion-section';
import { HistorySection } from './history-section';
import { SensitivitySection } from './sensitivity-section';
import { SitesSection } from './sites-section';

function DisplaySection() {
  const showOverlay = useSettings((s) => s.settings.showOverlay);
  const update = useSettings((s) => s.update);
  return (
    <fieldset>
      <legend>In the call</legend>
      <label className="choice">
        <input type="checkbox" data-testid="overlay-enabled" checked={showOverlay} onChange={(e) => void update({ showOverlay: e.currentTarget.checked })} />
        Show a badge on each voice in the call page
      </label>
    </fieldset>
  );
}

export function OptionsApp() {
  const sidecar = useLiteSidecar();
  const error = useSettings((s) => s.error);
  const loaded = useSettings((s) => s.loaded);

  // The popup links to #history; scroll there once the page has rendered.
  useEffect(() => {
    if (location.hash === '#history') document.getElementById('history')?.scrollIntoView();
  }, []);

  return (
    <main className="options stack" data-loaded={loaded}>
      <header>
        <h1>Veracall settings</h1>
        <p className="muted small">
          Changes are saved as you make them.
          {sidecar && ` In-browser model: ${sidecar.displayName} ${sidecar.version}${sidecar.testFixture ? ' (test fixture, not a real detector)' : ''}.`}
          {sidecar === null && ' No in-browser model is bundled with this build.'}
        </p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </header>
      <SensitivitySection sidecar={sidecar} />
      <SitesSection />
      <DisplaySection />
      <CompanionSection />
      <HistorySection />
    </main>
  );
}
