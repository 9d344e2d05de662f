/**
 * `system_service_status`: state of systemd units through `systemctl show` run by the safe process runner.
 * Hosts without systemd as init (containers, macOS, Windows) get E_UNSUPPORTED saying so.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import { assertSuccess } from '../../security/process-runner.js';
import { type HostContext, unsupported } from './host-deps.js';

const PROPERTIES = ['Id', 'Description', 'LoadState', 'ActiveState', 'SubState', 'UnitFileState', 'MainPID', 'ActiveEnterTimestamp'];

/** systemd unit names: letters, digits and `:-_.\@`, with an optional type suffix (systemd.unit(5)). */
const unitName = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9:_.\\@-]+$/, 'must be a systemd unit name such as "nginx" or "nginx.service"')
  .refine((s) => !s.startsWith('-'), 'must not start with "-"');

const unit = z.object({
  unit: z.string(),
  description: z.string(),
  loadState: z.string().describe('loaded, not-found, masked, …'),
  activeState: z.string().describe('active, inactive, failed, activating, …'),
  subState: z.string().describe('running, exited, dead, …'),
  unitFileState: z.string().optional().describe('enabled, disabled, static, …'),
  mainPid: z.number().int().optional(),
  activeSince: z.string().optional().describe('ActiveEnterTimestamp as systemctl prints it'),
  found: z.boolean(),
});
type Unit = z.infer<typeof unit>;

/** Parse `systemctl show -p … UNIT…`: one `Key=Value` block per unit, blocks separated by a blank line. */
export function parseSystemctlShow(text: string): Unit[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => {
      const props = new Map<string, string>();
      for (const line of block.split('\n')) {
        const eq = line.indexOf('=');
        if (eq > 0) props.set(line.slice(0, eq), line.slice(eq + 1));
      }
      return props;
    })
    .filter((p) => p.has('Id'))
    .map((p) => {
      const pid = Number(p.get('MainPID'));
      return {
        unit: p.get('Id')!,
        description: p.get('Description') ?? '',
        loadState: p.get('LoadState') ?? 'unknown',
        activeState: p.get('ActiveState') ?? 'unknown',
        subState: p.get('SubState') ?? 'unknown',
        ...(p.get('UnitFileState') ? { unitFileState: p.get('UnitFileState')! } : {}),
        ...(pid > 0 ? { mainPid: pid } : {}),
        ...(p.get('ActiveEnterTimestamp') ? { activeSince: p.get('ActiveEnterTimestamp')! } : {}),
        found: p.get('LoadState') !== 'not-found',
      };
    });
}

async function systemdRunning(marker: string): Promise<boolean> {
  try {
    return (await stat(marker)).isDirectory();
  } catch {
    return false;
  }
}

/** Build `system_service_status`. */
export function serviceStatusOp(ctx: HostContext): Operation {
  return defineOperation({
    name: 'system_service_status',
    title: 'Service status (systemd)',
    description:
      'Load, active and sub state, enablement, main PID and start time of systemd units, via `systemctl show` (needs systemctl in ' +
      'security.subprocess.allow). Hosts without systemd as init (containers, macOS, Windows) answer E_UNSUPPORTED; on Windows use ' +
      'system_windows_service_status.',
    input: z.object({
      units: z.array(unitName).min(1).max(50).describe('Unit names, e.g. ["nginx", "postgresql.service"]; ".service" is implied'),
    }),
    output: z.object({ units: z.array(unit) }),
    permission: 'system:read',
    effects: 'read',
    http: { method: 'POST', path: '/api/system/services/status' },
    example: { units: ['nginx.service'] },
    render: (o) =>
      o.units
        .map((u) =>
          u.found ? `${u.unit}: ${u.activeState} (${u.subState})${u.mainPid ? `, pid ${u.mainPid}` : ''}` : `${u.unit}: not found`,
        )
        .join('\n'),
    run: async (input, { signal }) => {
      if (ctx.platform !== 'linux' || !(await systemdRunning(ctx.systemdMarker))) {
        throw unsupported('system_service_status', `systemd is not the init system of this ${ctx.platform} host (no ${ctx.systemdMarker})`);
      }
      const systemctl = ctx.processes.allowlist.entries.find((e) => basename(e.path) === 'systemctl');
      if (!systemctl) {
        throw new AppError(
          'E_FORBIDDEN',
          'system_service_status runs systemctl, which is not on security.subprocess.allow; add "systemctl" there to enable it.',
          { details: { reason: 'not_allowlisted', program: 'systemctl' } },
        );
      }
      const result = await ctx.processes.run({
        command: systemctl.path,
        args: ['show', '--no-pager', `--property=${PROPERTIES.join(',')}`],
        operands: input.units,
        timeoutMs: 10_000,
        maxOutputBytes: 1_048_576,
        signal,
      });
      assertSuccess(result);
      return { units: parseSystemctlShow(result.stdout) };
    },
  });
}
