/**
 * One stored thing that a form acts on: the forms derive their accessible names ("Rename tag vip") and
 * confirmation titles from it, so every list page words them the same way.
 */
export interface NamedItem {
  /** What it is, in lower case: "tag", "group", "macro". */
  kind: string;
  name: string;
  /** The form field that carries the id to the action. */
  idName: string;
  id: string;
}
