/**
 * The Content-Security-Policy of an approval node's HTML form (`GET
 * /ui/approvals/{approvalId}/form`): its own inline script and style run, and nothing else —
 * no request of any kind (`connect-src`, `img-src` and the rest are `'none'`, pictures only as
 * `data:`), no form submission, no `<base>`; only a Baton page may frame it; and `sandbox
 * allow-scripts` gives it an opaque origin even when it is opened on its own, outside the
 * approval page's sandboxed frame, so it can never read Baton's cookies or call Baton as the
 * viewer.
 */
export const HTML_FORM_CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline'",
  "style-src 'unsafe-inline'",
  "img-src data:",
  "connect-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
  "sandbox allow-scripts",
].join("; ");
