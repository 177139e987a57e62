// Who is signed in: GET /api/v1/me, or, on a node without it yet, the same shape built from
// the sign-in answer and GET /api/v1/node with every permission granted (the API still
// refuses what the account may not do).
import { get, post, setToken, hasToken, APIError } from './api.js';
import { codes } from './i18n.js';

let me = null;

export const current = () => me;
export const signedIn = () => Boolean(me);

/** Whether the signed-in account holds a permission such as "order.dispatch". */
export function can(permission) {
  if (!me) return false;
  const held = me.permissions || [];
  return held.includes('*') || held.includes(permission);
}

export const nodeRole = () => me?.node?.role;
export const roleCode = () => me?.role?.code;

export async function signIn(name, password) {
  const answer = await post('/session', { name, password });
  setToken(answer.token);
  sessionStorage.setItem('carenode.signin', JSON.stringify({ name, role: answer.role }));
  return answer;
}

/** Loads the account behind the stored token; null when there is none or it expired. */
export async function load() {
  if (!hasToken()) return null;
  try {
    me = await get('/me');
  } catch (error) {
    if (!(error instanceof APIError) || error.status !== 404) {
      if (error instanceof APIError && error.status === 401) { signOut(); return null; }
      throw error;
    }
    me = await fallback();
  }
  return me;
}

async function fallback() {
  const signin = JSON.parse(sessionStorage.getItem('carenode.signin') || '{}');
  const node = await get('/node');
  const role = codes('operatorRole').find((entry) => entry.code === signin.role);
  return {
    account: { id: null, name: signin.name, displayName: signin.name },
    role: { code: signin.role, label: role ? { en: role.en, zh: role.zh } : { en: signin.role, zh: signin.role } },
    permissions: ['*'],
    jurisdiction: { division: node.code, organisation: null },
    node: { code: node.code, role: node.role, name: node.name },
    mustChangePassword: false,
    fallback: true,
  };
}

export function signOut() {
  me = null;
  setToken(null);
  sessionStorage.removeItem('carenode.signin');
}
