"""link.safety-scan: the plugin of push-campaign's `link-scan` task, an ordinary Lambda handler.

It checks the campaign's landing page address before millions of phones open it: HTTPS only,
a host name (not an address), no credentials in the URL, no link shortener hiding where it
leads. Called `sync`, it answers the verdict or fails the task with PluginFailed; in `callback`
mode it reports the verdict through the SDK and answers that it took the work.
"""

import ipaddress
from urllib.parse import urlsplit

from baton_sdk import PluginFailed, callback_client

SHORTENERS = {"bit.ly", "t.cn", "tinyurl.com", "goo.gl", "b23.tv"}
MAX_URL_LENGTH = 2048


def is_address(host):
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def scan(url):
    """The verdict on a landing page address: safe with its host, or unsafe with reasons."""
    if not isinstance(url, str) or not url:
        return {"verdict": "unsafe", "reasons": ["no landingUrl in the input"]}
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    reasons = []
    if parts.scheme != "https":
        reasons.append("not https")
    if not host:
        reasons.append("no host")
    elif is_address(host):
        reasons.append("an IP address, not a host name")
    if parts.username or parts.password:
        reasons.append("credentials in the URL")
    if host in SHORTENERS:
        reasons.append("a link shortener (%s) hides the page" % host)
    if len(url) > MAX_URL_LENGTH:
        reasons.append("longer than %d characters" % MAX_URL_LENGTH)
    if reasons:
        return {"verdict": "unsafe", "host": host, "reasons": reasons}
    return {"verdict": "safe", "host": host}


def handler(event, context):
    verdict = scan((event.get("input") or {}).get("landingUrl"))
    if event.get("callback"):
        client = callback_client(event)
        if verdict["verdict"] == "safe":
            client.succeeded(verdict)
        else:
            client.failed("unsafe landing page", verdict)
        return {"accepted": True}
    if verdict["verdict"] != "safe":
        raise PluginFailed(verdict)
    return verdict
