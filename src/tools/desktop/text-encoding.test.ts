import { describe, expect, it } from 'vitest';
import { decodeBytes, detectEncoding, encodeText } from './text-encoding.js';

describe('text encodings', () => {
  it('detects plain UTF-8', () => {
    expect(detectEncoding(Buffer.from('héllo wörld\n'))).toEqual({ encoding: 'utf-8', bomBytes: 0 });
  });

  it('detects a UTF-8 byte-order mark', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ encoding: 'utf-8', bomBytes: 3 });
  });

  it('detects UTF-16 with and without a byte-order mark', () => {
    expect(detectEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hi', 'utf16le')]))).toEqual({
      encoding: 'utf-16le',
      bomBytes: 2,
    });
    expect(detectEncoding(Buffer.from('plain ascii text', 'utf16le')).encoding).toBe('utf-16le');
    expect(detectEncoding(Buffer.from('plain ascii text', 'utf16le').swap16()).encoding).toBe('utf-16be');
  });

  it('falls back to Latin-1 for 8-bit text that is not UTF-8', () => {
    expect(detectEncoding(Buffer.from('caf\xe9 cr\xe8me', 'latin1')).encoding).toBe('latin1');
  });

  it('calls bytes with NULs or many control characters binary', () => {
    expect(detectEncoding(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0x03, 0x04])).encoding).toBe('base64');
    expect(detectEncoding(Buffer.from([1, 2, 3, 4, 5, 6, 7, 0xff, 0xfe, 0x80, 0x81])).encoding).toBe('base64');
  });

  it('round-trips text through decode and encode in every text encoding', () => {
    for (const encoding of ['utf-8', 'utf-16le', 'utf-16be', 'latin1'] as const) {
      const bytes = encodeText('grüße\n', encoding);
      expect(decodeBytes(bytes, encoding)).toBe('grüße\n');
    }
  });

  it('refuses text that Latin-1 cannot hold', () => {
    expect(() => encodeText('snow ☃', 'latin1')).toThrow(expect.objectContaining({ code: 'E_VALIDATION' }));
  });
});
