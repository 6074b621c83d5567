import { useState, type DragEvent } from 'react';
import { AnalysisResultView } from './analysis-result';
import { MAX_DURATION_S, MAX_FILE_BYTES, formatBytes } from './decode';
import { useFileAnalysis, type AnalysisState } from './use-file-analysis';

function Progress({ state }: { state: AnalysisState }) {
  if (state.phase === 'decoding') {
    return (
      <div className="stack small">
        <span>Decoding “{state.fileName}”…</span>
        <progress data-testid="progress" data-stage="decoding" aria-label="Decoding" />
      </div>
    );
  }
  if (state.phase !== 'analysing') return null;
  const p = state.progress;
  const total = p && p.total > 0 ? p.total : undefined;
  return (
    <div className="stack small">
      <span>
        Analysing “{state.fileName}”{total ? ` — window ${p!.done} of ${total}` : '…'}
      </span>
      <progress data-testid="progress" data-stage={p?.stage ?? 'sending'} aria-label="Analysing" value={total ? p!.done : undefined} max={total} />
    </div>
  );
}

/** Pick or drop an audio or video file; it is decoded here and scored by the extension. */
export function FileAnalysis() {
  const { state, analyse } = useFileAnalysis();
  const [over, setOver] = useState(false);
  const busy = state.phase === 'decoding' || state.phase === 'analysing';

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file && !busy) void analyse(file);
  };

  return (
    <section className="stack" aria-labelledby="file-heading">
      <h2 id="file-heading">Check a recording</h2>
      <label
        className={over ? 'drop over' : 'drop'}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        Drop an audio or video file here, or choose one
        <input
          data-testid="file-input"
          type="file"
          accept="audio/*,video/*,.opus,.ogg,.flac,.m4a"
          disabled={busy}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void analyse(file);
            e.currentTarget.value = '';
          }}
        />
        <span className="muted small">
          Up to {formatBytes(MAX_FILE_BYTES)} and {MAX_DURATION_S / 60} minutes. The file stays on this computer.
        </span>
      </label>
      <Progress state={state} />
      {state.phase === 'error' && (
        <p className="error" role="alert" data-testid="analysis-error">
          {state.error}
        </p>
      )}
      {state.phase === 'done' && <AnalysisResultView result={state.result} />}
    </section>
  );
}
