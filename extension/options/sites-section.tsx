import { SITES } from '../sites/site';
import { useSettings } from '../stores/settings';
import { DEMO_BUILD } from '../sites/demo-build';
import { SITE_NAMES } from '../ui/format';

export function SitesSection() {
  const sites = useSettings((s) => s.settings.sites);
  const update = useSettings((s) => s.update);
  return (
    <fieldset>
      <legend>Listen on</legend>
      {SITES.filter((site) => site !== 'demo' || DEMO_BUILD).map((site) => (
        <label key={site} className="choice">
          <input type="checkbox" data-testid={`site-${site}`} checked={sites[site]} onChange={(e) => void update({ sites: { [site]: e.currentTarget.checked } })} />
          {SITE_NAMES[site]}
        </label>
      ))}
    </fieldset>
  );
}
