/**
 * What the guard's traversals of a document cost, counted rather than timed: a test reads these to
 * see that checking a delegate's update costs what the update touches, never the document's length
 * (issue 13). Lookups of one id (a binary search) and steps up a type's ancestors (at most
 * MAX_TYPE_DEPTH) are not counted; walks along a type's children are.
 */
export const walks = {
  /** Traversals of the whole document (an id scan, the amendment owners, a trial copy made afresh). */
  wholeDocument: 0,
  /** Items visited walking along a type's children, in whole-document walks and in bounded ones alike. */
  items: 0,
};
