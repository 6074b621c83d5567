import { useCallback, useRef, useState } from 'react';
import type { AnalysisProgress, AnalysisResult } from '../../shared/protocol/analysis';
import { sensitivityOf } from '../settings/schema';
import { settingsStore } from '../stores/settings';
import { analyzeFile } from '../ui/messages';
import { decodeFile, encodePcm } from './decode';

export type AnalysisState =
  | { phase: 'idle' }
  | { phase: 'decoding'; fileName: string }
  | { phase: 'analysing'; fileName: string; progress: AnalysisProgress | null }
  | { phase: 'done'; fileName: string; result: AnalysisResult }
  | { phase: 'error'; fileName: string; error: string };

/** Decode → send → progress → result, for one file at a time; a newer file supersedes an older one. */
export function useFileAnalysis() {
  const [state, setState] = useState<AnalysisState>({ phase: 'idle' });
  const current = useRef(0);

  const analyse = useCallback(async (file: File) => {
    const run = ++current.current;
    const update = (s: AnalysisState) => run === current.current && setState(s);
    const fileName = file.name;
    update({ phase: 'decoding', fileName });
    try {
      const audio = await decodeFile(file);
      update({ phase: 'analysing', fileName, progress: null });
      const { sensitivity } = settingsStore.store.getState().settings;
      const result = await analyzeFile(
        {
          name: fileName.slice(0, 512),
          pcm: encodePcm(audio.samples),
          sampleRate: audio.sampleRate,
          channels: audio.channels,
          sensitivity: sensitivityOf(sensitivity),
        },
        (progress) => update({ phase: 'analysing', fileName, progress }),
      );
      update({ phase: 'done', fileName, result });
    } catch (e) {
      update({ phase: 'error', fileName, error: e instanceof Error ? e.message : String(e) });
    }
  }, []);

  return { state, analyse };
}
