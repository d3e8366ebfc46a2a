// Account calls that only make sense online (signing in, signing up, the
// export and deletion of the account), with the PocketBase SDK; loaded on
// demand through store.js. The SDK keeps the session in localStorage, where
// store.js reads it.

import PocketBase from "/vendor/pocketbase.es.mjs"
import { language, token } from "./store.js"

const pb = new PocketBase(location.origin)
pb.autoCancellation(false)
pb.beforeSend = (url, options) => {
  options.headers = { ...options.headers, "Accept-Language": language() }
  return { url, options }
}

export async function signIn(email, password) {
  await pb.collection("users").authWithPassword(email, password)
}

export async function requestCode(email) {
  const { otpId } = await pb.collection("users").requestOTP(email)
  return otpId
}

/**
 * Creates the person's own account and sends the code that confirms the
 * address and signs them in (PocketBase marks the address verified when a
 * code sent to it is used). Without a password of their own the account gets
 * a random one nobody knows: codes are the way in.
 */
export async function signUp({ password, ...person }) {
  const secret = password || randomPassword()
  await pb.collection("users").create({ ...person, password: secret, passwordConfirm: secret })
  return requestCode(person.email)
}

function randomPassword() {
  const bytes = crypto.getRandomValues(new Uint8Array(24))
  return btoa(String.fromCharCode(...bytes))
}

export async function signInWithCode(otpId, code) {
  await pb.collection("users").authWithOTP(otpId, code)
}

export async function exportMyData() {
  const res = await fetch("/api/hub/me/export", { headers: { Authorization: token(), "Accept-Language": language() } })
  if (!res.ok) throw { response: await res.json().catch(() => ({})) }
  const name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") || "")?.[1] || "hug-my-data.json"
  return { blob: await res.blob(), name }
}

export async function deleteAccount() {
  await pb.send("/api/hub/me", { method: "DELETE" })
}
