import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../shared/protocol/analysis';
import { AnalysisResultView } from './analysis-result';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const sampleResult: AnalysisResult = {
  v: 1,
  file: 'call.wav',
  verdict: 'synthetic',
  pSpoof: 0.912,
  preset: 'balanced',
  threshold: 0.5,
  model: { name: 'large', displayName: 'Veracall Large', version: '1.0' },
  engine: 'companion onnxruntime-node/cpu',
  durationS: 4,
  speechS: 3,
  source: { sampleRate: 48000, channels: 2 },
  stats: { rmsDbfs: -20, peak: 0.8, clippedFraction: 0, nonFinite: 0 },
  timeline: [
    { startS: 0, endS: 1, pSpoof: 0.2, speech: true },
    { startS: 1, endS: 2, pSpoof: null, speech: false },
    { startS: 2, endS: 3, pSpoof: 0.7, speech: true },
    { startS: 3, endS: 4, pSpoof: 0.95, speech: true },
  ],
  explanation: ['2 of 3 speech windows scored above the threshold.'],
  elapsedMs: 120,
};

let root: ReturnType<typeof createRoot> | null = null;
afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
});

function render(result: AnalysisResult): HTMLElement {
  const el = document.createElement('div');
  document.body.append(el);
  root = createRoot(el);
  act(() => root!.render(<AnalysisResultView result={result} />));
  return el;
}

const q = (el: HTMLElement, id: string) => el.querySelector(`[data-testid="${id}"]`);

describe('AnalysisResultView', () => {
  it('shows verdict, calibrated score, model and engine under the test ids', () => {
    const el = render(sampleResult);
    expect(q(el, 'verdict')?.getAttribute('data-verdict')).toBe('synthetic');
    expect(q(el, 'verdict')?.textContent).toBe('Likely synthetic');
    expect(q(el, 'score')?.textContent).toBe('91%');
    expect(q(el, 'model-name')?.textContent).toContain('Veracall Large');
    expect(q(el, 'engine')?.textContent).toBe('companion onnxruntime-node/cpu');
    expect(q(el, 'summary')?.textContent).toBe('2 of 3 speech windows at or above the threshold of 50%.Most synthetic-sounding part: 3.0 s–4.0 s (chance of synthesis 95%).');
    expect(q(el, 'threshold')?.textContent).toBe('50% (balanced)');
    // One number format: no raw probabilities such as 0.912 or P(spoof) anywhere.
    expect(el.textContent).not.toMatch(/\b0\.\d\d|P\(/);
    expect(el.textContent).toContain('Chance of synthesis');
    expect(q(el, 'not-logged')?.textContent).toMatch(/not added to the verdict log/);
  });

  it('never calls a voice human: a passing file has "no signs of synthesis"', () => {
    const el = render({ ...sampleResult, verdict: 'human', pSpoof: 0.08 });
    expect(q(el, 'verdict')?.textContent).toBe('No signs of synthesis');
    expect(el.textContent).not.toMatch(/human|verified/i);
  });

  it('the timeline has ticked, titled axes', () => {
    const svg = q(render(sampleResult), 'timeline')!;
    const texts = [...svg.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(['0%', '25%', '50%', '75%', '100%', '0', '1', '2', '3', '4', 'time (s)', 'chance of synthesis', 'threshold 50%']));
    expect(svg.querySelectorAll('[data-tick="x"]')).toHaveLength(5);
  });

  it('plots scored windows, greys the silent one and draws the threshold', () => {
    const svg = q(render(sampleResult), 'timeline')!;
    expect(svg.querySelectorAll('circle')).toHaveLength(3);
    expect(svg.querySelectorAll('circle.above')).toHaveLength(2);
    expect(svg.querySelectorAll('rect.silence')).toHaveLength(1);
    expect(svg.querySelector('line.threshold')?.getAttribute('data-threshold')).toBe('0.5');
  });

  it('says when no speech was found', () => {
    const el = render({ ...sampleResult, verdict: 'no-speech', pSpoof: null, timeline: [], explanation: [] });
    expect(q(el, 'verdict')?.getAttribute('data-verdict')).toBe('no-speech');
    expect(q(el, 'score')?.textContent).toBe('—');
  });
});
