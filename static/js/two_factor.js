// After a passkey is registered, show the page again: it lists the new passkey and offers
// recovery codes. (django-otp-webauthn's own script does the registration.)
document.addEventListener("otp_webauthn.register_complete", () => {
  window.location.reload();
});
