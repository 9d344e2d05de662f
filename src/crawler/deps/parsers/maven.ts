/**
 * Maven pom.xml: `<dependencies>` of the project and its profiles, with `${property}` references resolved
 * from `<properties>`, the project/parent coordinates and `<dependencyManagement>` versions. Test and
 * provided scopes count as dev; version ranges ("[1.0,2.0)") are kept as specs.
 */
import type { DependencyFile } from '../types.js';
import type { RawDependency } from './raw.js';
import { child, children, childText, parseXml, type XmlElement } from './xml.js';

function properties(project: XmlElement): Map<string, string> {
  const props = new Map<string, string>();
  const parent = child(project, 'parent');
  const version = childText(project, 'version') ?? childText(parent, 'version');
  const groupId = childText(project, 'groupId') ?? childText(parent, 'groupId');
  if (version) props.set('project.version', version).set('version', version).set('pom.version', version);
  if (groupId) props.set('project.groupId', groupId).set('groupId', groupId);
  const parentVersion = childText(parent, 'version');
  if (parentVersion) props.set('project.parent.version', parentVersion);
  for (const p of child(project, 'properties')?.children ?? []) props.set(p.name, p.text.trim());
  return props;
}

/** Replace `${name}` references, following chains a few levels deep. */
function interpolate(value: string | undefined, props: Map<string, string>): string | undefined {
  let v = value;
  for (let depth = 0; v?.includes('${') && depth < 10; depth++)
    v = v.replace(/\$\{([^}]+)\}/g, (whole, name: string) => props.get(name) ?? whole);
  return v;
}

/** Direct dependencies of a pom.xml. */
export function parsePomXml(file: DependencyFile): RawDependency[] {
  const project = parseXml(file.content);
  if (project?.name !== 'project') return [];
  const props = properties(project);
  const managed = new Map<string, string>();
  for (const d of children(child(child(project, 'dependencyManagement'), 'dependencies'), 'dependency')) {
    const key = `${interpolate(childText(d, 'groupId'), props)}:${interpolate(childText(d, 'artifactId'), props)}`;
    const version = interpolate(childText(d, 'version'), props);
    if (version) managed.set(key, version);
  }
  const lists = [child(project, 'dependencies'), ...children(child(project, 'profiles'), 'profile').map((p) => child(p, 'dependencies'))];
  const out: RawDependency[] = [];
  for (const list of lists)
    for (const d of children(list, 'dependency')) {
      const groupId = interpolate(childText(d, 'groupId'), props);
      const artifactId = interpolate(childText(d, 'artifactId'), props);
      if (!groupId || !artifactId) continue;
      const name = `${groupId}:${artifactId}`;
      const version = interpolate(childText(d, 'version'), props) ?? managed.get(name);
      const scope = childText(d, 'scope') ?? 'compile';
      if (scope === 'system' || scope === 'import') continue;
      const resolved = version && !version.includes('${');
      const range = resolved && /^[[(]|,/.test(version);
      out.push({
        ecosystem: 'Maven',
        name,
        ...(resolved ? (range ? { spec: version } : { version }) : {}),
        direct: true,
        dev: scope === 'test' || scope === 'provided',
        file: file.path,
        line: d.line,
      });
    }
  return out;
}
