import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureSidecar } from '../../../tests/fixtures/fixture-model';
import { encodeModel } from '../../../tests/fixtures/onnx-writer';

/**
 * A test model whose logit is log(mean(window)): finite for windows with a positive mean,
 * NaN for a negative mean, -Infinity for zero. Exercises the handling of invalid model output.
 */
export function writeNanModel(dir: string, name = 'nan-model', windowSamples = 8000): void {
  const bytes = encodeModel({
    opset: 13,
    input: { name: 'waveform', dims: ['batch', windowSamples] },
    output: { name: 'logit', dims: ['batch'] },
    nodes: [
      { op: 'ReduceMean', inputs: ['waveform'], outputs: ['mean'], ints: { axes: [1] }, int: { keepdims: 0 } },
      { op: 'Log', inputs: ['mean'], outputs: ['logit'] },
    ],
  });
  const sidecar = { ...fixtureSidecar(name, windowSamples, bytes), displayName: 'Test model with invalid outputs' };
  writeFileSync(join(dir, `${name}.onnx`), bytes);
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(sidecar));
}
