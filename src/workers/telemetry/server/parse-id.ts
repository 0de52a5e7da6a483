import { CATALOG_SIZE } from '../catalog/catalog.js';
import { HttpError } from './http-error.js';

const DECIMAL = /^[1-9][0-9]*$/;

/**
 * A catalog id from a URL segment, strictly: only the decimal digits of 1..21. Anything that is not a
 * plain positive integer (`1.5`, `abc`, `01`, `%00`, `+3`, ` 3`) is a 400; an integer outside the catalog
 * (`0`, `22`) is a 404.
 */
export function parseCatalogId(raw: string, kind: 'action' | 'reaction'): number {
  if (raw === '0') throw new HttpError(404, `no ${kind} 0: ids run from 1 to ${CATALOG_SIZE}`);
  if (!DECIMAL.test(raw)) throw new HttpError(400, `invalid ${kind} id ${JSON.stringify(raw)}: expected an integer from 1 to ${CATALOG_SIZE}`);
  const id = Number(raw);
  if (id > CATALOG_SIZE) throw new HttpError(404, `no ${kind} ${id}: ids run from 1 to ${CATALOG_SIZE}`);
  return id;
}
