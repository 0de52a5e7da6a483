import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The package's own folder (where package.json, templates/ and assets/ live), found from this compiled file
 * (dist/src/shared/): the one place that knows how deep the build puts it, so a moved module keeps its paths.
 * It holds in a checkout and in an installed package alike (`npm pack` ships dist/src, templates/ and assets/ in
 * the same places); dependencies are not looked for here: Node finds them, hoisted or not.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A path inside the package: `packageFile('templates', 'kafka/server.properties')`. */
export const packageFile = (...segments: string[]): string => [PACKAGE_ROOT.replace(/\/$/, ''), ...segments].join('/');

let version: string | undefined;

/** The version in the package's own package.json (the one `npm pack` put in the tarball). */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
  return version;
}
