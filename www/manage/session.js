// Who is signed in to the manager pages (set at login, read by the pages that differ by role).
let currentUser = null;

export function user() { return currentUser; }
export function setUser(next) { currentUser = next; }

// The province association's daemon (on PostgreSQL) serves the year's pages of many communes and
// none of a centre's own: the pages offer a commune, then a village, and link only where it answers.
let provinceDaemon = false;

export function isProvince() { return provinceDaemon; }
export function setProvince(next) { provinceDaemon = next; }
