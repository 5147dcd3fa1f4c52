// Package auth is who may do what: passwords hashed with argon2id,
// server-side sessions behind an HttpOnly cookie, API tokens for scripts, a
// limit on failed logins, and the policy of roles over unit subtrees
// (Allowed, Check).
//
// A user's scope is the subtree of their unit; an admin without a unit
// holds every unit. The policy is one table (Policy): a permission a route
// asks for, the roles that hold it. Read, Import, Edit, Review and Admin hold only
// within the scope; Self is any signed-in user on their own account;
// Public is anyone.
package auth
