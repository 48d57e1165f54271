/**
 * An abilities record: every action of a policy's list, answered. Built from the list itself, so an
 * action cannot be left out of what is sent to the page.
 */
export function abilitiesOf<A extends string>(actions: readonly A[], can: (action: A) => boolean): Record<A, boolean> {
  // Filled in the loop below with every key of `actions`; the record's type says just that.
  const abilities = {} as Record<A, boolean>;
  for (const action of actions) abilities[action] = can(action);
  return abilities;
}
