// auth0-js: `passwordlessStart` then `passwordlessLogin` (email code).
import auth0 from 'auth0-js'

const webAuth = new auth0.WebAuth({
  domain: 'tenant.auth0.com',
  clientID: 'client_id',
  redirectUri: 'https://app.example.com/callback',
  responseType: 'token id_token',
})

export function start(email) {
  return new Promise((resolve, reject) => {
    webAuth.passwordlessStart({ connection: 'email', send: 'code', email }, (error, result) =>
      error ? reject(error) : resolve(result),
    )
  })
}

export function verify(email, verificationCode) {
  return new Promise((resolve, reject) => {
    webAuth.passwordlessLogin({ connection: 'email', email, verificationCode }, (error, result) =>
      error ? reject(error) : resolve(result),
    )
  })
}
