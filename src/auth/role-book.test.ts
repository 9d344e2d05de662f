import { describe, expect, it } from 'vitest';
import type { RoleDefinition } from './built-in-roles.js';
import { createRoleBook, holdsAdmin } from './role-book.js';

const role = (name: string, permissions: string[], inherits: string[] = []): RoleDefinition => ({
  name,
  description: '',
  permissions,
  inherits,
  builtIn: false,
});

describe('role book', () => {
  it('resolves inherited grants transitively', () => {
    const book = createRoleBook([role('a', ['x:read'], ['operator']), role('b', ['y:read'], ['a'])]);
    const grants = book.grantsOf('b');
    expect(grants).toContainEqual({ grant: 'y:read', definedIn: 'b' });
    expect(grants).toContainEqual({ grant: 'x:read', definedIn: 'a' });
    expect(grants).toContainEqual({ grant: 'kubernetes:read', definedIn: 'viewer' });
  });

  it('rejects an inheritance loop', () => {
    expect(() => createRoleBook([role('a', [], ['b']), role('b', [], ['a'])])).toThrow(/loops/);
  });

  it('rejects inheriting an unknown role', () => {
    expect(() => createRoleBook([role('a', [], ['nope'])])).toThrow(/unknown role "nope"/);
  });

  it('rejects a custom role named like a built-in one', () => {
    expect(() => createRoleBook([role('admin', [])])).toThrow(/already exists/);
  });

  it('knows who holds admin through inheritance', () => {
    const book = createRoleBook([role('superuser', [], ['admin'])]);
    expect(holdsAdmin(book, ['superuser'])).toBe(true);
    expect(holdsAdmin(book, ['operator'])).toBe(false);
  });
});
