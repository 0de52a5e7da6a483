/**
 * Where things are inside the workers image and its container: one place, read by the image recipe, the member's
 * spec and its config. The member runs this very rocketctl (`workers start`) as an unprivileged user.
 */
export const MEMBER_LAYOUT = {
  /** The Node runtime that runs rocketctl on this host, copied in. */
  node: '/usr/local/bin/node',
  appDir: '/opt/rocketctl',
  /** The member's own config, its secrets file (0600) and the CA: copied in at create time, never in the image. */
  configDir: '/etc/rocketctl',
  configFile: '/etc/rocketctl/rocketctl.config.mjs',
  /** The state volume: runtime files, the observer's store, the listener's checkpoint. */
  workersDir: '/var/lib/rocketctl',
  uid: 10001,
  gid: 10001,
} as const;

/** The command line that runs rocketctl in the member: `[...MEMBER_CLI, 'workers', 'status']`. */
export const MEMBER_CLI = [MEMBER_LAYOUT.node, `${MEMBER_LAYOUT.appDir}/bin/rocketctl.js`, '--config', MEMBER_LAYOUT.configFile] as const;
