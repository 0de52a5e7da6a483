import { fileURLToPath } from 'node:url';

/**
 * The package's own folder (where package.json, templates/ and assets/ live), found from this compiled file
 * (dist/src/shared/): the one place that knows how deep the build puts it, so a moved module keeps its paths.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A path inside the package: `packageFile('templates', 'kafka/server.properties')`. */
export const packageFile = (...segments: string[]): string => [PACKAGE_ROOT.replace(/\/$/, ''), ...segments].join('/');
