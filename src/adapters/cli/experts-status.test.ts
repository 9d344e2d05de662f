import { describe, expect, it } from 'vitest';
import { createLiveStatus } from './experts-status.js';

function view() {
  const frames: string[] = [];
  const live = createLiveStatus({ write: (s) => void frames.push(s) });
  live.onProgress({
    type: 'plan',
    queryId: 'q',
    experts: [
      { expertId: 'openai:m', stance: 'neutral' },
      { expertId: 'gemini:g', stance: 'against' },
    ],
    estimateUsd: 0.01,
  });
  return { frames, live };
}

describe('live status view', () => {
  it('draws one line per expert with its stance', () => {
    const { frames } = view();
    expect(frames[0]).toContain('… openai:m');
    expect(frames[0]).toContain('gemini:g [against]');
  });

  it('redraws in place by moving the cursor up over the previous frame', () => {
    const { frames, live } = view();
    live.onProgress({ type: 'expert_started', expertId: 'openai:m', attempt: 1 });
    expect(frames[1]?.startsWith('\x1b[3A')).toBe(true);
  });

  it('shows retries with the attempt number', () => {
    const { frames, live } = view();
    live.onProgress({ type: 'expert_started', expertId: 'openai:m', attempt: 2 });
    expect(frames.at(-1)).toMatch(/openai:m\s+retrying\s+attempt 2/);
  });

  it('redraws streaming progress only every 200 characters', () => {
    const { frames, live } = view();
    live.onProgress({ type: 'expert_delta', expertId: 'openai:m', chars: 10 });
    live.onProgress({ type: 'expert_delta', expertId: 'openai:m', chars: 50 });
    live.onProgress({ type: 'expert_delta', expertId: 'openai:m', chars: 210 });
    expect(frames).toHaveLength(3);
  });

  it('shows the reason of a failed expert', () => {
    const { frames, live } = view();
    live.onProgress({
      type: 'expert_done',
      expertId: 'gemini:g',
      status: 'timeout',
      latencyMs: 900,
      reason: 'The consult timed out after 900 ms.',
    });
    expect(frames.at(-1)).toMatch(/⧗ gemini:g \[against\]\s+timeout\s+The consult timed out/);
  });

  it('blanks lines left over when the frame gets shorter', () => {
    const { frames, live } = view();
    live.onProgress({ type: 'done', queryId: 'q', status: 'complete' });
    expect(frames.at(-1)?.split('\n').filter(Boolean).at(-1)).toBe('\x1b[2K');
  });
});
