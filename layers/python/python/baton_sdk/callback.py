"""Reporting on a callback task: succeeded, failed, heartbeat."""

import json
import time
import urllib.error
import urllib.parse
import urllib.request

from .callback_key import callback_key
from .errors import CallbackReportError
from .signatures import CALLBACK_SIGNATURE_HEADER, sign_callback

DEFAULT_TENANT = "default"


class CallbackClient:
    """Reports on one callback task: each report is a POST to the callback URL the plugin was
    handed, signed with the callback key over the time of sending, the tenant (the URL's
    ?tenant=, else "default"), the callback id and the body (the engine refuses a time more
    than 5 minutes from its clock). A report repeated is answered with what the first one
    settled, so a report whose answer was lost can be sent again.

    key: the installation's callback key, default the BATON_CALLBACK_KEY variable, else the
        Secrets Manager secret BATON_CALLBACK_KEY_SECRET_ARN names (a deployed plugin
        function), read when the first client is made and kept for the process (callback_key).
    timeout: seconds to wait for the engine's answer, default 10.
    read_secret: how that secret is read, default secrets_manager_reader (boto3); tests pass
        their own.

    Raises ValueError when there is no key nor secret, CallbackKeyError when the secret
    cannot serve.

    Example:
        client = CallbackClient(event["callback"]["id"], event["callback"]["url"])
        client.heartbeat()
        client.succeeded({"endpoint": "cache-7.internal:6379"})
    """

    def __init__(self, callback_id, url, key=None, timeout=10, read_secret=None):
        key = callback_key(key, read_secret)
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
        self.callback_id = callback_id
        self.url = url
        self.tenant = query.get("tenant", [DEFAULT_TENANT])[0]
        self._key = key
        self._timeout = timeout

    def succeeded(self, output=None):
        """The task succeeded with `output` (a dict, at most 16 KiB as JSON)."""
        return self._report({"status": "succeeded", "output": output or {}})

    def failed(self, error, output=None):
        """The task failed: `error` says why, `output` adds detail."""
        report = {"status": "failed", "error": error}
        if output is not None:
            report["output"] = output
        return self._report(report)

    def heartbeat(self):
        """The work goes on: keeps a task with a heartbeat limit alive."""
        return self._report({"status": "heartbeat"})

    def _report(self, report):
        body = json.dumps(report, separators=(",", ":"))
        request = urllib.request.Request(
            self.url,
            data=body.encode("utf-8"),
            method="POST",
            headers={
                "content-type": "application/json",
                CALLBACK_SIGNATURE_HEADER: sign_callback(
                    self._key, self.tenant, self.callback_id, body, int(time.time())
                ),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as refused:
            text = refused.read().decode("utf-8", "replace")
            try:
                error = json.loads(text).get("error", {})
            except (ValueError, AttributeError):
                error = {}
            raise CallbackReportError(
                refused.code,
                error.get("code", "unknown"),
                error.get("message", text[:200]),
            ) from None


def callback_client(event, key=None, timeout=10, read_secret=None):
    """The CallbackClient of a callback task's invocation (the event the plugin received).

    Raises ValueError when the event carries no callback (the task is not in callback mode).

    Example:
        def handler(event, context):
            callback_client(event).succeeded({"done": True})
            return {"accepted": True}
    """
    callback = event.get("callback")
    if not callback:
        raise ValueError(
            "node %s called %s without a callback: its task is not in callback mode"
            % (event.get("node"), event.get("plugin"))
        )
    return CallbackClient(
        callback["id"], callback["url"], key=key, timeout=timeout, read_secret=read_secret
    )
