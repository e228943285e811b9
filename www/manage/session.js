// Who is signed in to the manager pages (set at login, read by the pages that differ by role).
let currentUser = null;

export function user() { return currentUser; }
export function setUser(next) { currentUser = next; }
