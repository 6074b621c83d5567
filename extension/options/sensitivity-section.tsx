import { PRESET_NAMES, type ModelSidecar } from '../../shared/model/sidecar';
import type { SensitivityName } from '../../shared/protocol/common';
import { useSettings } from '../stores/settings';
import { scoreText } from '../ui/format';

const PRESET_TEXT: Record<SensitivityName, { title: string; hint: string }> = {
  sensitive: { title: 'Sensitive', hint: 'flags more voices; more false alarms' },
  balanced: { title: 'Balanced', hint: 'recommended' },
  conservative: { title: 'Conservative', hint: 'flags only clear cases' },
  custom: { title: 'Custom', hint: 'your own threshold' },
};

function presetDetail(sidecar: ModelSidecar | null | undefined, name: (typeof PRESET_NAMES)[number]): string {
  if (sidecar === undefined) return '';
  if (sidecar === null) return 'threshold set by the model';
  const p = sidecar.presets[name];
  const fpr = p.targetFpr !== undefined ? `, about ${+(p.targetFpr * 100).toFixed(2)}% false alarms on real voices` : '';
  return `threshold ${scoreText(p.threshold)}${fpr}`;
}

/** Presets read from the lite model's sidecar, plus a custom threshold on calibrated P(synthetic). */
export function SensitivitySection({ sidecar }: { sidecar: ModelSidecar | null | undefined }) {
  const sensitivity = useSettings((s) => s.settings.sensitivity);
  const update = useSettings((s) => s.update);
  const choose = (preset: SensitivityName) => void update({ sensitivity: { preset } });

  return (
    <fieldset>
      <legend>Sensitivity</legend>
      {[...PRESET_NAMES, 'custom' as const].map((name) => (
        <label key={name} className="choice">
          <input type="radio" name="preset" value={name} data-testid={`preset-${name}`} checked={sensitivity.preset === name} onChange={() => choose(name)} />
          <span>
            <strong>{PRESET_TEXT[name].title}</strong> <span className="muted small">— {PRESET_TEXT[name].hint}</span>
            {name !== 'custom' && <span className="muted small"> ({presetDetail(sidecar, name)})</span>}
          </span>
        </label>
      ))}
      <div className="row" style={{ marginLeft: 24 }}>
        <label htmlFor="custom-threshold">Custom threshold</label>
        <input
          id="custom-threshold"
          data-testid="custom-threshold"
          type="range"
          min={0.01}
          max={0.99}
          step={0.01}
          value={sensitivity.customThreshold}
          aria-valuetext={scoreText(sensitivity.customThreshold)}
          onChange={(e) => {
            const t = Number(e.currentTarget.value);
            // Moving the slider means the user wants their own threshold.
            if (Number.isFinite(t)) void update({ sensitivity: { preset: 'custom', customThreshold: t } });
          }}
        />
        <output htmlFor="custom-threshold">{scoreText(sensitivity.customThreshold)}</output>
      </div>
      <p className="muted small">A voice is flagged “Likely synthetic” when its calibrated score reaches the threshold.</p>
    </fieldset>
  );
}
