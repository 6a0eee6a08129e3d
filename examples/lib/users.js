'use strict';

const fs = require('fs');
const db = require('./db');

/**
 * Half-migrated user service: the store speaks promises, the callers still pass callbacks.
 */
function findUser(id, callback) {
  db.get(id)
    .then((user) => callback(null, user))
    .catch(callback);
}

function findFriends(id, callback) {
  db.get(id).then((user) => {
    Promise.all(user.friends.map((friend) => db.get(friend))).then((friends) => callback(null, friends));
  }, callback);
}

function loadUser(id) {
  return new Promise((resolve, reject) => {
    db.get(id).then(resolve, reject);
  });
}

function importUsers(file, callback) {
  fs.readFile(file, 'utf8', async (err, text) => {
    if (err) return callback(err);
    const users = JSON.parse(text);
    users.forEach(async (user) => {
      await db.put(user);
    });
    callback(null, users.length);
  });
}

async function audit(event) {
  await db.put({ id: `audit-${Date.now()}`, event });
}

function touch(id) {
  audit({ type: 'seen', id });
}

async function exportUsers(file, users) {
  await new Promise((resolve, reject) => {
    fs.writeFile(file, JSON.stringify(users), (err) => (err ? reject(err) : resolve()));
  });
}

function removeExports(files, callback) {
  let pending = files.length;
  files.forEach((file) => {
    fs.unlink(file, (err) => {
      pending -= 1;
      if (pending === 0) callback(null);
    });
  });
}

function readProfile(file, callback) {
  fs.readFile(file, 'utf8', (err, text) => {
    if (err) callback(err);
    callback(null, JSON.parse(text));
  });
}

const profiles = new Map();

function readProfileCached(file, callback) {
  if (profiles.has(file)) return callback(null, profiles.get(file));
  readProfile(file, (err, profile) => {
    if (err) return callback(err);
    profiles.set(file, profile);
    callback(null, profile);
  });
}

module.exports = { findUser, findFriends, loadUser, importUsers, touch, exportUsers, removeExports, readProfile, readProfileCached };
