import { describe, expect, it } from 'vitest';
import { csvField, parseCsv, parseCsvRecords } from './csv';

describe('CSV', () => {
  it('reads quoted fields with commas, quotes and line breaks, CRLF and a BOM', () => {
    const text = '\ufefffile,label\r\n"a, b.wav",spoof\r\n"say ""hi"".wav","multi\nline"\nplain.wav,bonafide\n\n';
    expect(parseCsv(text)).toEqual([
      ['file', 'label'],
      ['a, b.wav', 'spoof'],
      ['say "hi".wav', 'multi\nline'],
      ['plain.wav', 'bonafide'],
    ]);
  });

  it('maps records by header and tolerates short rows', () => {
    expect(parseCsvRecords('file,label\nx.wav\n').records).toEqual([{ file: 'x.wav', label: '' }]);
  });

  it('rejects an unterminated quote', () => {
    expect(() => parseCsv('file\n"oops')).toThrow(/quoted/);
  });

  it('quotes fields only when needed, and round-trips', () => {
    expect(csvField('plain.wav')).toBe('plain.wav');
    const odd = 'a,"b"\nc';
    expect(parseCsv(`${csvField(odd)},1\n`)).toEqual([[odd, '1']]);
  });
});
