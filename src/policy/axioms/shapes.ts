/**
 * The operation-name patterns and argument names axioms recognise, as data. Tool servers that are not built yet
 * (kubernetes, docker, deploy, desktop) are covered by naming their operations and arguments to match; docs/policy.md
 * lists these shapes so tool authors can check.
 */

/** Operations that touch files. */
export const FILE_OPERATIONS = [
  'desktop_*',
  'files_*',
  'filesystem_*',
  'fs_*',
  '*_read_file*',
  '*_write_file*',
  '*_file',
  '*_files',
  '*_directory',
  '*_directories',
];
/** Argument keys (any depth, normalised) holding file paths. */
export const PATH_KEYS = [
  'path',
  'paths',
  'file',
  'files',
  'filepath',
  'directory',
  'dir',
  'source',
  'destination',
  'cwd',
  'workingdirectory',
];

/** Operations that run programs. */
export const COMMAND_OPERATIONS = [
  '*_execute_command*',
  '*_run_command*',
  '*_exec',
  '*_exec_*',
  'desktop_execute*',
  'shell_*',
  'ssh_*',
  'process_*',
];
/** Top-level arguments naming the program. */
export const COMMAND_ARGS = ['command', 'cmd', 'program', 'executable'];
/** Top-level arguments holding the argument vector. */
export const ARGV_ARGS = ['args', 'arguments', 'argv'];
/** Top-level arguments that are operands (never options) of a program or a git command. */
export const OPERAND_ARGS = [
  'operands',
  'operand',
  'files',
  'paths',
  'path',
  'target',
  'targets',
  'ref',
  'refs',
  'branch',
  'revision',
  'url',
  'host',
  'pattern',
];
/** Git operations (their operands reach `git` too). */
export const GIT_OPERATIONS = ['git_*', '*_git_*'];

/** Operations that roll out changes (freeze windows). */
export const DEPLOY_OPERATIONS = [
  'deploy_*',
  '*_deploy',
  '*_deploy_*',
  '*_rollout*',
  '*_rollback*',
  'kubernetes_apply*',
  'kubernetes_create*',
  'kubernetes_patch*',
  'kubernetes_set_image*',
  'kubernetes_scale*',
  'helm_*',
  'docker_run*',
  'docker_create*',
  'docker_compose_*',
];
/** Argument keys (any depth) holding container image references. */
export const IMAGE_KEYS = ['image', 'images', 'imageref', 'imagename'];

/** Kubernetes operations. */
export const KUBERNETES_OPERATIONS = ['kubernetes_*', 'k8s_*', 'kubectl_*', 'helm_*'];
/** Argument keys (any depth) holding namespaces. */
export const NAMESPACE_KEYS = ['namespace', 'namespaces'];

/** Operations that scale workloads. */
export const SCALE_OPERATIONS = ['*_scale*'];
/** Argument keys (any depth) holding replica counts. */
export const REPLICA_KEYS = ['replicas'];
/** Top-level arguments that carry the current replica count, when the caller knows it. */
export const CURRENT_REPLICA_ARGS = ['currentReplicas', 'fromReplicas', 'previousReplicas'];

/** Top-level list arguments of a delete: each item is one resource. */
export const DELETE_LIST_ARGS = [
  'names',
  'ids',
  'resources',
  'targets',
  'items',
  'pods',
  'containers',
  'images',
  'volumes',
  'files',
  'paths',
  'keys',
  'objects',
];
/** Top-level arguments that select an unbounded set of resources. */
export const SELECTOR_ARGS = ['labelSelector', 'selector', 'fieldSelector'];

/** Argument keys (any depth) holding outbound URLs. */
export const URL_KEYS = ['url', 'urls', 'endpoint', 'webhook', 'webhookurl', 'callbackurl', 'baseurl', 'uri', 'href', 'redirecturl'];

/** A container image reference, split. */
export interface ImageRef {
  registry: string;
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

/**
 * Split an image reference the way Docker does: a first component with a dot or colon (or `localhost`) is the
 * registry, otherwise Docker Hub; official images live under `library/`.
 * @example parseImageRef('nginx') // { registry: 'docker.io', repository: 'library/nginx', tag: undefined, digest: undefined }
 */
export function parseImageRef(ref: string): ImageRef {
  const at = ref.indexOf('@');
  const digest = at === -1 ? undefined : ref.slice(at + 1);
  let name = at === -1 ? ref : ref.slice(0, at);
  let tag: string | undefined;
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  const registry = hasRegistry ? first : 'docker.io';
  let repository = hasRegistry ? name.slice(slash + 1) : name;
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  return { registry: registry.toLowerCase(), repository, tag, digest };
}
