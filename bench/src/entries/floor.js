// The floor: a hand-written client of two `fetch` calls (a third for sign-up-or-in of a new user),
// with no state, no validation beyond `response.ok`, no cancellation, no timeouts.

async function post(baseURL, appId, path, body) {
  const response = await fetch(`${baseURL}/apps/${appId}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const data = await response.json()
  if (!response.ok) throw Object.assign(new Error(data.error), { status: response.status, data })
  return data
}

/** Sends a code: login, or register when `intent` is `register` or `auto` finds no user. */
export async function start(baseURL, appId, identifier, intent = 'login') {
  if (intent === 'register')
    return (await post(baseURL, appId, 'register/otp', { identifier })).otp_id
  try {
    return (await post(baseURL, appId, 'login/otp', { identifier })).otp_id
  } catch (error) {
    if (intent !== 'auto' || error.data?.code !== 'user_not_found') throw error
    return (await post(baseURL, appId, 'register/otp', { identifier })).otp_id
  }
}

/** Activates the code and returns the auth result. */
export async function verify(baseURL, appId, otpId, code) {
  return (await post(baseURL, appId, 'otp/activate', { otp: code, otp_id: otpId })).auth_result
}
