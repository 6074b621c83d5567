import { useEffect, useState } from 'react';
import type { ModelSidecar } from '../../shared/model/sidecar';
import { loadLiteSidecar } from './sidecar';

/** undefined while loading, null when the extension was built without a lite model. */
export function useLiteSidecar(): ModelSidecar | null | undefined {
  const [sidecar, setSidecar] = useState<ModelSidecar | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void loadLiteSidecar().then((s) => live && setSidecar(s));
    return () => {
      live = false;
    };
  }, []);
  return sidecar;
}
