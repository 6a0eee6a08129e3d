'use strict';

/** An in-memory store with a promise API, standing in for a database driver. */
const rows = new Map([
  ['1', { id: '1', name: 'Ada', friends: ['2'] }],
  ['2', { id: '2', name: 'Grace', friends: ['1'] }],
]);

async function get(id) {
  const row = rows.get(String(id));
  if (row === undefined) throw Object.assign(new Error(`no user ${id}`), { code: 'ENOTFOUND' });
  return { ...row };
}

async function put(row) {
  rows.set(String(row.id), { ...row });
  return row;
}

module.exports = { get, put };
