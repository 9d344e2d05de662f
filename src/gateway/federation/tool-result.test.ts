import { describe, expect, it } from 'vitest';
import { renderToolResult } from './tool-result.js';

describe('federated tool result rendering', () => {
  it('joins text blocks and describes binary ones', () => {
    const text = renderToolResult({
      content: [
        { type: 'text', text: 'contents' },
        { type: 'image', data: 'cG5n', mimeType: 'image/png' },
      ],
    });
    expect(text).toBe('contents\n[image image/png, 3 bytes]');
  });

  it('shows structured content when there is no content block', () => {
    expect(renderToolResult({ content: [], structuredContent: { a: 1 } })).toBe('{\n  "a": 1\n}');
  });

  it('marks errors the upstream reported', () => {
    expect(renderToolResult({ isError: true, content: [{ type: 'text', text: 'no such file' }] })).toBe('Upstream error: no such file');
  });
});
