"""The signatures Baton and its plugins exchange: callback reports and delivered events."""

import hashlib
import hmac
import json
import re
import time

from .errors import EventSignatureError

CALLBACK_SIGNATURE_HEADER = "x-baton-signature"
EVENT_SIGNATURE_HEADER = "x-baton-event-signature"
TOLERANCE_SECONDS = 5 * 60

_SECONDS = re.compile(r"^\d{1,15}$")
_HEX = re.compile(r"^[0-9a-f]{64}$")


def _bytes(value):
    return value if isinstance(value, bytes) else value.encode("utf-8")


def sign_callback(key, tenant, callback_id, body, timestamp):
    """The signature of a callback report sent at `timestamp` (unix seconds),
    "t=<timestamp>,sha256=<hex>": an HMAC-SHA-256 under the installation's callback key over the
    time, the tenant, the callback id and the raw body, one per line, as the engine checks it
    on POST /v1/callbacks/{id}, refusing a time more than 5 minutes from its clock either way.

    Example:
        sign_callback(key, "default", callback_id, '{"status":"heartbeat"}', int(time.time()))
    """
    signed = b"\n".join(
        [str(timestamp).encode("ascii"), _bytes(tenant), _bytes(callback_id), _bytes(body)]
    )
    digest = hmac.new(_bytes(key), signed, hashlib.sha256).hexdigest()
    return "t=%d,sha256=%s" % (timestamp, digest)


def _event_hmac(secret, timestamp, body):
    signed = str(timestamp).encode("ascii") + b"\n" + _bytes(body)
    return hmac.new(_bytes(secret), signed, hashlib.sha256).hexdigest()


def sign_event(secret, body, timestamp):
    """The signature of an event's raw body at `timestamp` (unix seconds):
    "t=<timestamp>,sha256=<hex HMAC-SHA-256 of '{t}\\n{body}'>" under the plugin's secret.

    Example:
        sign_event("s3cret", '{"id":"1"}', 1767225600)
    """
    return "t=%d,sha256=%s" % (timestamp, _event_hmac(secret, timestamp, body))


def verify_event(body, header, secret, now=None, tolerance=TOLERANCE_SECONDS):
    """Checks the signature of an event delivered over HTTP and returns the parsed event. The
    HMAC over the raw body (the bytes received, before any parsing) must match, compared in
    constant time, and its timestamp must be within `tolerance` seconds (5 minutes) of `now`
    (unix seconds, default the clock), so a captured delivery cannot be replayed later.

    Raises EventSignatureError naming what was wrong.

    Example:
        event = verify_event(request_body, headers.get("x-baton-event-signature"), secret)
    """
    if not header:
        raise EventSignatureError("missing", "no %s header" % EVENT_SIGNATURE_HEADER)
    fields = {}
    for part in header.split(","):
        name, _, value = part.partition("=")
        fields[name.strip()] = value.strip()
    t = fields.get("t", "")
    given = fields.get("sha256", "")
    if not _SECONDS.match(t) or not _HEX.match(given):
        raise EventSignatureError(
            "malformed", "the signature is not t=<seconds>,sha256=<hex>"
        )
    timestamp = int(t)
    current = int(time.time() if now is None else now)
    if abs(current - timestamp) > tolerance:
        raise EventSignatureError(
            "stale", "the signature was made at %d, now is %d" % (timestamp, current)
        )
    if not hmac.compare_digest(_event_hmac(secret, timestamp, body), given):
        raise EventSignatureError("mismatch", "the signature does not match the body")
    return json.loads(_bytes(body).decode("utf-8"))
