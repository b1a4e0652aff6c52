"""Staff sign in with two factors: a password, then a code from an authenticator app (TOTP),
a passkey (WebAuthn) or a single-use recovery code. docs/access-rules.md, "Signing in"."""
