/** The server's password policy, stated the same way. */
export const PASSWORD_RULE =
  'Password must be at least 12 characters long and include an upper-case letter, a lower-case letter and a digit';

/** Shown under new-password fields before anything is typed. */
export const PASSWORD_HINT = 'At least 12 characters, with upper- and lower-case letters and a digit.';

export const USERNAME_RULE =
  'Username must be 3 to 32 characters: letters, digits, underscore, hyphen or full stop';

export const EMAIL_RULE = 'Enter a valid email address';

const USERNAME = /^[A-Za-z0-9_.-]{3,32}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function passwordProblem(password: string): string | null {
  const longEnough = [...password].length >= 12;
  const ok = longEnough && /\p{Lu}/u.test(password) && /\p{Ll}/u.test(password) && /\p{Nd}/u.test(password);
  return ok ? null : PASSWORD_RULE;
}

export function usernameProblem(username: string): string | null {
  return USERNAME.test(username) ? null : USERNAME_RULE;
}

export function emailProblem(email: string): string | null {
  return EMAIL.test(email) ? null : EMAIL_RULE;
}
