/**
 * Parsers of the Windows tools behind the `system_windows_*` operations: `reg query` and `sc queryex` output.
 */

/** One registry value as `reg query` prints it. */
export interface RegistryValue {
  name: string;
  type: string;
  data: string;
}

/** A key with its values and direct subkeys. */
export interface RegistryKey {
  key: string;
  values: RegistryValue[];
  subkeys: string[];
}

/**
 * `reg query KEY [/v NAME]`: a line with the key's full path, then its values indented by four spaces as
 * `NAME    TYPE    DATA` (columns separated by four spaces; names may contain single spaces), then subkey paths.
 */
export function parseRegQuery(text: string): RegistryKey[] {
  const keys: RegistryKey[] = [];
  let current: RegistryKey | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '' || raw.startsWith('End of search')) continue;
    const value = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(raw);
    if (value && current) {
      current.values.push({ name: value[1]!, type: value[2]!, data: value[3] ?? '' });
    } else if (/^HKEY_/.test(raw)) {
      // A key line right after values belongs to the listing of subkeys of the key being shown.
      if (current && !raw.startsWith(`${current.key}\\`)) current = undefined;
      if (current) current.subkeys.push(raw.trim());
      else {
        current = { key: raw.trim(), values: [], subkeys: [] };
        keys.push(current);
      }
    }
  }
  return keys;
}

/** State of one Windows service from `sc queryex`. */
export interface WindowsService {
  name: string;
  state: string;
  stateCode: number;
  type: string;
  pid?: number;
  win32ExitCode?: number;
}

/** `sc queryex NAME`: `SERVICE_NAME: x` then `KEY : value` lines; `STATE : 4  RUNNING`. */
export function parseScQuery(text: string): WindowsService | undefined {
  const name = /^SERVICE_NAME:\s*(.+)$/m.exec(text)?.[1]?.trim();
  if (!name) return undefined;
  const field = (key: string) => new RegExp(`^\\s*${key}\\s*:\\s*(.+)$`, 'm').exec(text)?.[1]?.trim();
  const [stateCode, ...stateWords] = (field('STATE') ?? '0 UNKNOWN').split(/\s+/);
  const [, ...typeWords] = (field('TYPE') ?? '0 UNKNOWN').split(/\s+/);
  const pid = Number(field('PID'));
  const exit = Number(field('WIN32_EXIT_CODE')?.split(/\s+/)[0]);
  return {
    name,
    state: stateWords.join(' ') || 'UNKNOWN',
    stateCode: Number(stateCode) || 0,
    type: typeWords.join(' ') || 'UNKNOWN',
    ...(pid > 0 ? { pid } : {}),
    ...(Number.isFinite(exit) ? { win32ExitCode: exit } : {}),
  };
}
