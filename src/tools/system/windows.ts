/**
 * Windows-only host operations: `system_windows_registry_read` (`reg query`) and `system_windows_service_status`
 * (`sc queryex`), run by the safe process runner. On any other platform they answer E_UNSUPPORTED.
 */
import { basename } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { ResolvedExecutable } from '../../security/executable-allowlist.js';
import { assertSuccess } from '../../security/process-runner.js';
import { type HostContext, unsupported } from './host-deps.js';
import { parseRegQuery, parseScQuery } from './windows-parse.js';

const HIVES = [
  'HKLM',
  'HKCU',
  'HKCR',
  'HKU',
  'HKCC',
  'HKEY_LOCAL_MACHINE',
  'HKEY_CURRENT_USER',
  'HKEY_CLASSES_ROOT',
  'HKEY_USERS',
  'HKEY_CURRENT_CONFIG',
];

// These values are passed to reg.exe/sc.exe as arguments, which take options as `/x`: the patterns below keep them
// from ever starting with `/` or `-` and from carrying quotes or control characters.
const registryKey = z
  .string()
  .min(4)
  .max(1024)
  .regex(/^[A-Za-z_]+\\[^"\0-\x1f]*$/, 'must look like HKLM\\Software\\Vendor\\Product')
  .refine((k) => HIVES.includes(k.split('\\')[0]!.toUpperCase()), `must start with a hive: ${HIVES.slice(0, 5).join(', ')}`);
const valueName = z
  .string()
  .min(1)
  .max(16_383)
  .regex(/^[^"/\-\0-\x1f][^"\0-\x1f]*$/, 'must not start with "/" or "-" nor contain quotes or control characters');
const serviceName = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.$ -]*$/, 'must be a Windows service name such as "wuauserv"');

function windowsTool(ctx: HostContext, tool: string, program: string): ResolvedExecutable {
  if (ctx.platform !== 'win32') throw unsupported(tool, `it needs Windows, and this host runs ${ctx.platform}`);
  const entry = ctx.processes.allowlist.entries.find((e) => [program, `${program}.exe`].includes(basename(e.path).toLowerCase()));
  if (!entry) {
    throw new AppError(
      'E_FORBIDDEN',
      `${tool} runs ${program}.exe, which is not on security.subprocess.allow; add its path there to enable it.`,
      {
        details: { reason: 'not_allowlisted', program },
      },
    );
  }
  return entry;
}

/** Build the two Windows operations. */
export function windowsOps(ctx: HostContext): Operation[] {
  const registryRead = defineOperation({
    name: 'system_windows_registry_read',
    title: 'Read a Windows registry key',
    description:
      'Values and direct subkeys of a Windows registry key (or one value with `value`), via `reg query`. Windows only (E_UNSUPPORTED ' +
      'elsewhere); needs reg.exe in security.subprocess.allow.',
    input: z.object({
      key: registryKey.describe('Full key path starting with a hive, e.g. HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion'),
      value: valueName.optional().describe('Read only this value, e.g. "ProductName"; omit it for every value of the key'),
    }),
    output: z.object({
      key: z.string(),
      values: z.array(z.object({ name: z.string(), type: z.string(), data: z.string() })),
      subkeys: z.array(z.string()),
    }),
    permission: 'system:read',
    effects: 'read',
    example: { key: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', value: 'ProductName' },
    render: (o) => [o.key, ...o.values.map((v) => `  ${v.name} (${v.type}) = ${v.data}`), ...o.subkeys.map((k) => `  ${k}\\`)].join('\n'),
    run: async (input, { signal }) => {
      const reg = windowsTool(ctx, 'system_windows_registry_read', 'reg');
      const result = await ctx.processes.run({
        command: reg.path,
        args: ['query', input.key, ...(input.value ? ['/v', input.value] : [])],
        timeoutMs: 10_000,
        signal,
      });
      if (result.exitCode === 1 && /unable to find/i.test(result.stderr)) {
        throw new AppError('E_NOT_FOUND', `No registry ${input.value ? `value "${input.value}" in ` : ''}key ${input.key}.`);
      }
      assertSuccess(result);
      const [first] = parseRegQuery(result.stdout);
      return first ?? { key: input.key, values: [], subkeys: [] };
    },
  });

  const serviceStatus = defineOperation({
    name: 'system_windows_service_status',
    title: 'Windows service status',
    description:
      'State (RUNNING, STOPPED, …), type, PID and exit code of Windows services, via `sc queryex`. Windows only (E_UNSUPPORTED ' +
      'elsewhere); needs sc.exe in security.subprocess.allow.',
    input: z.object({ services: z.array(serviceName).min(1).max(50).describe('Service names, e.g. ["wuauserv", "W32Time"]') }),
    output: z.object({
      services: z.array(
        z.object({
          name: z.string(),
          found: z.boolean(),
          state: z.string().optional(),
          stateCode: z.number().int().optional(),
          type: z.string().optional(),
          pid: z.number().int().optional(),
          win32ExitCode: z.number().int().optional(),
        }),
      ),
    }),
    permission: 'system:read',
    effects: 'read',
    example: { services: ['wuauserv'] },
    render: (o) =>
      o.services.map((s) => `${s.name}: ${s.found ? `${s.state}${s.pid ? `, pid ${s.pid}` : ''}` : 'not installed'}`).join('\n'),
    run: async (input, { signal }) => {
      const sc = windowsTool(ctx, 'system_windows_service_status', 'sc');
      const services = [];
      for (const name of input.services) {
        const result = await ctx.processes.run({ command: sc.path, args: ['queryex', name], timeoutMs: 10_000, signal });
        // Error 1060: "The specified service does not exist as an installed service."
        if (result.exitCode === 1060 || /FAILED 1060\b/.test(result.stdout)) {
          services.push({ name, found: false });
          continue;
        }
        assertSuccess(result);
        const parsed = parseScQuery(result.stdout);
        services.push(parsed ? { ...parsed, found: true } : { name, found: false });
      }
      return { services };
    },
  });

  return [registryRead, serviceStatus];
}
