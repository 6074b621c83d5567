import type { ModelSidecar } from '../../shared/model/sidecar';
import { SENSITIVITY_NAMES, type PresetName, type SensitivityName } from '../../shared/scoring/presets';
import { useSettings } from '../stores/settings';
import { percentText } from '../ui/format';

const PRESET_TEXT: Record<SensitivityName, { title: string; hint: string }> = {
  sensitive: { title: 'Sensitive', hint: 'flags more voices; more false alarms' },
  balanced: { title: 'Balanced', hint: 'recommended' },
  conservative: { title: 'Conservative', hint: 'flags only clear cases' },
  custom: { title: 'Custom', hint: 'your own threshold' },
};

function presetDetail(sidecar: ModelSidecar | null | undefined, name: PresetName): string {
  if (sidecar === undefined) return '';
  if (sidecar === null) return 'threshold set by the model';
  const p = sidecar.presets[name];
  const fpr = p.targetFpr !== undefined ? `; real voices wrongly flagged about ${percentText(p.targetFpr)} of the time` : '';
  return `flags from ${percentText(p.threshold)} chance of synthesis${fpr}`;
}

/** Presets read from the lite model's sidecar, plus a custom threshold on the chance of synthesis (usable only when Custom is chosen). */
export function SensitivitySection({ sidecar }: { sidecar: ModelSidecar | null | undefined }) {
  const sensitivity = useSettings((s) => s.settings.sensitivity);
  const update = useSettings((s) => s.update);
  const choose = (preset: SensitivityName) => void update({ sensitivity: { preset } });
  const custom = sensitivity.preset === 'custom';

  return (
    <fieldset>
      <legend>Sensitivity</legend>
      {SENSITIVITY_NAMES.map((name) => (
        <label key={name} className="choice">
          <input type="radio" name="preset" value={name} data-testid={`preset-${name}`} checked={sensitivity.preset === name} onChange={() => choose(name)} />
          <span>
            <strong>{PRESET_TEXT[name].title}</strong> <span className="muted small">— {PRESET_TEXT[name].hint}</span>
            {name !== 'custom' && <span className="muted small"> ({presetDetail(sidecar, name)})</span>}
          </span>
        </label>
      ))}
      <div className={custom ? 'row' : 'row inactive'} style={{ marginLeft: 24 }} data-testid="custom-row" aria-disabled={!custom}>
        <label htmlFor="custom-threshold">Custom threshold</label>
        <input
          id="custom-threshold"
          data-testid="custom-threshold"
          type="range"
          min={0.01}
          max={0.99}
          step={0.01}
          value={sensitivity.customThreshold}
          disabled={!custom}
          aria-describedby={custom ? undefined : 'custom-hint'}
          aria-valuetext={percentText(sensitivity.customThreshold)}
          onChange={(e) => {
            const t = Number(e.currentTarget.value);
            if (Number.isFinite(t)) void update({ sensitivity: { preset: 'custom', customThreshold: t } });
          }}
        />
        <output htmlFor="custom-threshold">{percentText(sensitivity.customThreshold)}</output>
        {!custom && (
          <span id="custom-hint" className="muted small">
            Choose Custom to use it.
          </span>
        )}
      </div>
      <p className="muted small">A voice is flagged “Likely synthetic” when its chance of synthesis reaches the threshold.</p>
    </fieldset>
  );
}
