import { CATALOG_ROWS, type CatalogRow, type Severity } from './catalog-data.js';

/** The one catalog: every action is paired with exactly one reaction (same id) and back. */
export const CATALOG_SIZE = 21;

export interface Action {
  id: number;
  name: string;
  summary: string;
  category: CatalogRow['category'];
  reaction_id: number;
  reaction_endpoint: string;
  trigger_endpoint: string;
}

export interface Reaction {
  id: number;
  name: string;
  summary: string;
  severity: Severity;
  action_id: number;
  action_endpoint: string;
}

export const actionEndpoint = (id: number): string => `/api/actions/${id}`;
export const reactionEndpoint = (id: number): string => `/api/reactions/${id}`;

const deepFreeze = <T extends object>(items: T[]): readonly Readonly<T>[] => Object.freeze(items.map((item) => Object.freeze(item)));

export const ACTIONS = deepFreeze(
  CATALOG_ROWS.map((row, index): Action => {
    const id = index + 1;
    return {
      id,
      name: row.action.name,
      summary: row.action.summary,
      category: row.category,
      reaction_id: id,
      reaction_endpoint: reactionEndpoint(id),
      trigger_endpoint: `${actionEndpoint(id)}/trigger`,
    };
  }),
);

export const REACTIONS = deepFreeze(
  CATALOG_ROWS.map((row, index): Reaction => {
    const id = index + 1;
    return { id, name: row.reaction.name, summary: row.reaction.summary, severity: row.reaction.severity, action_id: id, action_endpoint: actionEndpoint(id) };
  }),
);

// A catalog that drifted from 21 rows is a programming error: fail at load, not at the first request.
if (ACTIONS.length !== CATALOG_SIZE) throw new Error(`the action catalog has ${ACTIONS.length} rows, expected ${CATALOG_SIZE}`);

/** Ids are 1..21; callers validate with parseCatalogId first. */
export const actionById = (id: number): Readonly<Action> => ACTIONS[id - 1]!;
export const reactionById = (id: number): Readonly<Reaction> => REACTIONS[id - 1]!;
