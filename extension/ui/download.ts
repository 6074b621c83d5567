/** Saves text as a file through a temporary object URL (no downloads permission needed). */
export function downloadText(text: string, fileName: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: some browsers start the download asynchronously after click().
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function stampedName(base: string, ext: string, now = new Date()): string {
  return `${base}-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.${ext}`;
}
