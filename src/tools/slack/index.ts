/**
 * The `slack` tool server: post messages and alerts, update them, react, read channels, history, threads and users,
 * and upload files, through the Slack Web API (client.ts) with the configured bot token.
 */
import type { SlackConfig } from '../../core/config/slack.js';
import type { ToolServer } from '../../gateway/operation.js';
import type { Resilience } from '../../resilience/create-resilience.js';
import type { HttpClient } from '../../resilience/http-client.js';
import { createSlackClient } from './client.js';
import { messageOps } from './message-ops.js';
import { readOps } from './read-ops.js';
import { uploadFileOp } from './upload-file.js';

export { createSlackClient, type SlackClient } from './client.js';
export { SLACK_DEPENDENCY } from './slack-errors.js';

/** Inputs of `slackToolServer`. */
export interface SlackServerDeps {
  http: HttpClient;
  resilience: Resilience;
  settings: SlackConfig;
}

/**
 * The server; registered even without `slack.token`, when every tool answers E_UNAVAILABLE saying so.
 * @example registry.register(slackToolServer({ http, resilience, settings: config.slack }))
 */
export function slackToolServer(deps: SlackServerDeps): ToolServer {
  const client = createSlackClient(deps);
  return {
    name: 'slack',
    title: 'Slack',
    description:
      'Post messages and severity-formatted alerts, update and react to them, read channels, history, threads and users, upload files.',
    operations: [...messageOps(client), ...readOps(client), uploadFileOp(client)],
  };
}
